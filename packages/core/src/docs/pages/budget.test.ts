import { describe, expect, it } from "vitest";
import { createTokenBudget } from "./budget.ts";

describe("createTokenBudget", () => {
  it("holds reservations until settled, and stays exhausted after a refusal", () => {
    const budget = createTokenBudget(1_000, 100);
    expect(budget.reserve(600)).toBe(true);
    expect(budget.reserve(400)).toBe(false);
    budget.settle(600, 200);
    expect(budget.spent()).toBe(300);
    expect(budget.exhausted()).toBe(true);
    expect(budget.reserve(10)).toBe(false);
  });
});
