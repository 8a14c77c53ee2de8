import { describe, expect, it } from "vitest";
import { extractFileFacts } from "./file-facts.ts";

const facts = (path: string, text: string) =>
  extractFileFacts({ path, blobSha: "0", size: text.length }, text);

const MAIN = `//go:build linux

// Package main runs the payments server. It listens on :8080.
package main

import "fmt"

import (
	"net/http"
	// "github.com/commented/out"
	store "example.com/pay/internal/store"
	_ "example.com/pay/internal/migrations"
)

const banner = \`
import "not/an/import"
\`

type (
	Amount int64
	Ledger interface {
		Post(a Amount) error
	}
	unexported struct{}
)

type Server struct {
	Store *store.Store
}

func (s *Server) Handle(w http.ResponseWriter, r *http.Request) {
	fmt.Fprintln(w, "}")
}

func helper() {}

func main() {
	http.ListenAndServe(":8080", nil)
}
`;

describe("Go facts", () => {
  it("reads single and block imports, skipping comments and raw strings", () => {
    expect(facts("cmd/pay/main.go", MAIN).imports).toEqual([
      "fmt",
      "net/http",
      "example.com/pay/internal/store",
      "example.com/pay/internal/migrations",
    ]);
  });

  it("lists capitalised types, functions and methods", () => {
    expect(facts("cmd/pay/main.go", MAIN).exports).toEqual([
      { name: "Amount", kind: "type", lines: { start: 20, end: 20 } },
      { name: "Ledger", kind: "interface", lines: { start: 21, end: 23 } },
      { name: "Server", kind: "type", lines: { start: 27, end: 29 } },
      { name: "Server.Handle", kind: "function", lines: { start: 31, end: 33 } },
    ]);
  });

  it("takes the package comment and marks package main's func main", () => {
    const f = facts("cmd/pay/main.go", MAIN);
    expect(f.summaryHint).toBe("Package main runs the payments server.");
    expect(f.entryHints).toEqual([{ reason: "main function" }]);
    expect(facts("pay/lib.go", "package pay\n\nfunc main() {}\n").entryHints).toBeUndefined();
    expect(facts("pay/lib_test.go", "package pay\n").isTest).toBe(true);
  });
});
