import { presentValue } from "./cash-flows.ts";
import { Dec, ensure } from "./decimal.ts";

/** Rates (in percent) where NPV is sampled to find brackets around each IRR. */
const GRID_PERCENT = [
  -99, -95, -90, -80, -70, -60, -50, -40, -30, -20, -15, -10, -5, -2, 0, 2, 5, 7.5, 10, 12.5, 15, 20, 25, 30,
  40, 50, 75, 100, 150, 200, 300, 500, 1000, 2000, 5000, 10000,
];
const TOLERANCE = new Dec("1e-12");
const MAX_ITERATIONS = 200;
const MAX_ROOTS = 5;

interface Sample {
  rate: Dec;
  npv: Dec;
}

export interface IrrSolution {
  /** Rates (fractions, 0.1 for 10 %) where NPV is zero, nearest the guess first. */
  rates: Dec[];
  /** How often the cash flows change sign; more than 1 means several IRRs may exist. */
  signChanges: number;
}

function countSignChanges(flows: readonly Dec[]): number {
  const signs = flows.filter((flow) => !flow.isZero()).map((flow) => flow.isNegative());
  return signs.filter((negative, i) => i > 0 && negative !== signs[i - 1]).length;
}

function sample(flows: readonly Dec[], rate: Dec): Sample {
  return { rate, npv: presentValue(flows, rate) };
}

/** Bisects once; returns the root itself when the midpoint hits it. */
function bisect(flows: readonly Dec[], low: Sample, high: Sample): [Sample, Sample] | Dec {
  const middle = sample(flows, low.rate.plus(high.rate).div(2));
  if (middle.npv.isZero()) return middle.rate;
  return middle.npv.isNegative() === low.npv.isNegative() ? [middle, high] : [low, middle];
}

/**
 * Narrows a sign-changing bracket to a root: regula falsi with the Illinois fix, plus a bisection
 * whenever a step fails to halve the bracket, so it is never slower than bisection.
 */
function refine(flows: readonly Dec[], start: Sample, end: Sample): Dec {
  let [low, high] = [start, end];
  let kept: "low" | "high" | undefined;
  for (let i = 0; i < MAX_ITERATIONS && high.rate.minus(low.rate).gt(TOLERANCE); i += 1) {
    const width = high.rate.minus(low.rate);
    let rate = low.rate.times(high.npv).minus(high.rate.times(low.npv)).div(high.npv.minus(low.npv));
    if (!(rate.gt(low.rate) && rate.lt(high.rate))) rate = low.rate.plus(high.rate).div(2);
    const next = sample(flows, rate);
    if (next.npv.isZero()) return rate;
    if (next.npv.isNegative() === low.npv.isNegative()) {
      low = next;
      if (kept === "high") high = { rate: high.rate, npv: high.npv.div(2) };
      kept = "high";
    } else {
      high = next;
      if (kept === "low") low = { rate: low.rate, npv: low.npv.div(2) };
      kept = "low";
    }
    if (high.rate.minus(low.rate).gt(width.div(2))) {
      const halved = bisect(flows, low, high);
      if (!Array.isArray(halved)) return halved;
      [low, high] = halved;
    }
  }
  return low.rate.plus(high.rate).div(2);
}

/**
 * Finds the internal rates of return of periodic cash flows (first at t = 0) between -99 % and
 * 10000 %: samples NPV on a grid, then refines each sign-changing bracket to within 1e-12.
 * @throws AppError("unprocessable") when the flows never change sign or NPV has no root in range.
 */
export function solveIrr(flows: readonly Dec[], guess: Dec): IrrSolution {
  ensure(flows.length >= 2, "IRR needs at least two cash flows");
  const signChanges = countSignChanges(flows);
  ensure(
    signChanges > 0,
    "IRR needs at least one negative and one positive cash flow; these cash flows never change sign, so no rate makes NPV zero.",
  );
  const samples = GRID_PERCENT.map((percent) => sample(flows, new Dec(percent).div(100)));
  const rates = samples.filter((s) => s.npv.isZero()).map((s) => s.rate);
  const brackets = samples
    .slice(1)
    .map((high, i) => [samples[i] as Sample, high] as const)
    .filter(([low, high]) => !low.npv.isZero() && !high.npv.isZero())
    .filter(([low, high]) => low.npv.isNegative() !== high.npv.isNegative());
  const byDistance = (rate: Dec) => rate.minus(guess).abs();
  brackets.sort(([a, b], [c, d]) =>
    byDistance(a.rate.plus(b.rate).div(2)).cmp(byDistance(c.rate.plus(d.rate).div(2))),
  );
  for (const [low, high] of brackets.slice(0, MAX_ROOTS)) rates.push(refine(flows, low, high));
  ensure(
    rates.length > 0,
    "NPV does not change sign for any rate between -99 % and 10000 %, so these cash flows have no IRR in that range.",
  );
  rates.sort((a, b) => byDistance(a).cmp(byDistance(b)));
  return { rates, signChanges };
}
