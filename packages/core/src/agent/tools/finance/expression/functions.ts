import { Dec } from "../decimal.ts";
import { ArithmeticProblem, type Computed, squareRoot } from "./arithmetic.ts";

interface FunctionSpec {
  minArgs: number;
  maxArgs: number;
  usage: string;
  apply(args: Dec[]): Computed;
}

const MAX_ROUND_PLACES = 20;

function roundHalfUp(args: Dec[]): Computed {
  const [x = new Dec(0), places = new Dec(0)] = args;
  if (!places.isInteger() || places.lt(0) || places.gt(MAX_ROUND_PLACES)) {
    throw new ArithmeticProblem(`round() takes a whole number of places from 0 to ${MAX_ROUND_PLACES}`);
  }
  return { value: x.toDecimalPlaces(places.toNumber(), Dec.ROUND_HALF_UP), exact: true };
}

const exactly = (value: Dec): Computed => ({ value, exact: true });

/** The functions an expression may call, by lower-case name. */
export const expressionFunctions: ReadonlyMap<string, FunctionSpec> = new Map([
  ["round", { minArgs: 1, maxArgs: 2, usage: "round(x, places)", apply: roundHalfUp }],
  ["abs", { minArgs: 1, maxArgs: 1, usage: "abs(x)", apply: ([x]) => exactly((x ?? new Dec(0)).abs()) }],
  ["min", { minArgs: 1, maxArgs: 50, usage: "min(a, b, ...)", apply: (args) => exactly(Dec.min(...args)) }],
  ["max", { minArgs: 1, maxArgs: 50, usage: "max(a, b, ...)", apply: (args) => exactly(Dec.max(...args)) }],
  ["sqrt", { minArgs: 1, maxArgs: 1, usage: "sqrt(x)", apply: ([x]) => squareRoot(x ?? new Dec(0)) }],
]);

export const functionNames = [...expressionFunctions.keys()].join(", ");
