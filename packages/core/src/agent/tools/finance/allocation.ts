import { Dec, ensure } from "./decimal.ts";

// Products of a 31-digit amount in minor units and a 31-digit weight must stay exact.
const Exact = Dec.clone({ precision: 200 });

/**
 * Splits `total` into shares proportional to `weights`, each a whole number of minor units
 * (`places` decimals), that add up to `total` exactly: every share gets the floor of its exact
 * part, and the units left over go one each to the largest remainders (earlier shares win ties).
 * @throws AppError("unprocessable") when total has more decimals than `places` or the weights are unusable.
 */
export function allocate(total: Dec, weights: readonly Dec[], places: number): Dec[] {
  ensure(total.decimalPlaces() <= places, `The amount has more than ${places} decimals; round it first`);
  ensure(weights.length > 0, "Give at least one share");
  ensure(
    weights.every((weight) => weight.gte(0)),
    "Ratios must be 0 or more",
  );
  const weightSum = weights.reduce((sum, weight) => sum.plus(weight), new Exact(0));
  ensure(weightSum.gt(0), "At least one ratio must be more than 0");
  const scale = new Exact(10).pow(places);
  const units = new Exact(total).abs().times(scale);
  const products = weights.map((weight) => units.times(weight));
  const floors = products.map((product) => product.divToInt(weightSum));
  const remainders = products.map((product, i) =>
    product.minus((floors[i] ?? new Exact(0)).times(weightSum)),
  );
  const leftover = units.minus(floors.reduce((sum, floor) => sum.plus(floor), new Exact(0))).toNumber();
  const byRemainder = remainders
    .map((remainder, index) => ({ remainder, index }))
    .sort((a, b) => b.remainder.cmp(a.remainder) || a.index - b.index);
  for (const { index } of byRemainder.slice(0, leftover)) {
    floors[index] = (floors[index] ?? new Exact(0)).plus(1);
  }
  const sign = total.isNegative() ? -1 : 1;
  return floors.map((floor) => new Dec(floor.div(scale).times(sign)));
}
