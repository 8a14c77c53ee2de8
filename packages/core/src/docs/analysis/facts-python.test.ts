import { describe, expect, it } from "vitest";
import { extractFileFacts } from "./file-facts.ts";

const facts = (path: string, text: string) =>
  extractFileFacts({ path, blobSha: "0", size: text.length }, text);

const MODULE = `"""Reconciles bank statements against the ledger.

Longer text that is not the hint.
"""
import os, sys as system
import ledger.entries as entries
from . import rules, matchers as m
from .models import Statement
from ..shared.money import (
    Money,
    Currency,
)
from .. import *
from typing import TYPE_CHECKING

NOTE = """
import not_an_import
"""
# from fake import nothing


@dataclass
class Reconciler:
    def run(self):
        return 1


def reconcile(statement):
    text = """
not code
"""
    return text


def _private():
    pass


async def fetch_rates():
    import json
    return json


if __name__ == "__main__":
    reconcile(None)
`;

describe("Python facts", () => {
  it("finds imports, relative ones included, and none in strings or comments", () => {
    expect(facts("recon/engine.py", MODULE).imports).toEqual([
      "os",
      "sys",
      "ledger.entries",
      ".rules",
      ".matchers",
      ".models",
      "..shared.money",
      "..",
      "typing",
      "json",
    ]);
  });

  it("lists public top-level functions and classes with their blocks", () => {
    const f = facts("recon/engine.py", MODULE);
    expect(f.exports).toEqual([
      { name: "Reconciler", kind: "class", lines: { start: 22, end: 25 } },
      { name: "reconcile", kind: "function", lines: { start: 28, end: 32 } },
      { name: "fetch_rates", kind: "function", lines: { start: 39, end: 41 } },
    ]);
  });

  it("takes the module docstring and the __main__ guard", () => {
    const f = facts("recon/engine.py", MODULE);
    expect(f.summaryHint).toBe("Reconciles bank statements against the ledger.");
    expect(f.entryHints).toEqual([{ reason: "__main__ guard" }]);
    expect(facts("a.py", 'x = "__main__"\nif __name__ == "other":\n  pass\n').entryHints).toBeUndefined();
  });

  it("counts test files by name and location", () => {
    expect(facts("recon/test_engine.py", "").isTest).toBe(true);
    expect(facts("recon/engine_test.py", "").isTest).toBe(true);
    expect(facts("tests/helpers.py", "").isTest).toBe(true);
    expect(facts("recon/engine.py", "").isTest).toBe(false);
    expect(facts("tests/README.md", "").isTest).toBe(false);
  });
});
