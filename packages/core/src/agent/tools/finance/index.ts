import type { Tool } from "../../tool.ts";
import { allocateTool } from "./allocate.ts";
import { calculateTool } from "./calculate.ts";
import { cagrTool, compoundGrowthTool } from "./compound-growth.ts";
import { irrTool } from "./irr.ts";
import { loanAmortizationTool } from "./loan-amortization.ts";
import { npvTool } from "./npv.ts";
import { percentageChangeTool } from "./percentage-change.ts";
import { roundCurrencyTool } from "./round-currency.ts";

export {
  allocateTool,
  cagrTool,
  calculateTool,
  compoundGrowthTool,
  irrTool,
  loanAmortizationTool,
  npvTool,
  percentageChangeTool,
  roundCurrencyTool,
};

/**
 * The finance tool set: exact decimal arithmetic for expressions, percentage change, compound
 * growth, CAGR, NPV, IRR, loan amortisation, currency rounding and allocation. All are read-only.
 */
export const financeTools: readonly Tool[] = [
  calculateTool,
  percentageChangeTool,
  compoundGrowthTool,
  cagrTool,
  npvTool,
  irrTool,
  loanAmortizationTool,
  roundCurrencyTool,
  allocateTool,
];
