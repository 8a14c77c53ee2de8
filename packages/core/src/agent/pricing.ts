import type { Decimal } from "decimal.js";
import decimalModule from "decimal.js";

/** US dollars per one million tokens, as decimal strings so no float ever touches money. */
export type ModelPrice = { inputPerMillion: string; outputPerMillion: string };
export type PriceTable = Readonly<Record<string, ModelPrice>>;
export type TokenCount = { promptTokens: number; completionTokens: number };
/** `priced: false` marks a model the table does not know: its cost is counted as 0. */
export type Cost = { costUsd: string; priced: boolean };

/** Digits after the point of every stored cost (see the usage_events migration). */
export const COST_SCALE = 10;

/**
 * List prices of common OpenAI chat models (standard tier, uncached input). Deployments with other
 * prices or models pass their own table to the agent loop; unknown models cost 0 and are flagged.
 */
export const defaultPrices: PriceTable = {
  "gpt-4.1": { inputPerMillion: "2.00", outputPerMillion: "8.00" },
  "gpt-4.1-mini": { inputPerMillion: "0.40", outputPerMillion: "1.60" },
  "gpt-4.1-nano": { inputPerMillion: "0.10", outputPerMillion: "0.40" },
  "gpt-4o": { inputPerMillion: "2.50", outputPerMillion: "10.00" },
  "gpt-4o-mini": { inputPerMillion: "0.15", outputPerMillion: "0.60" },
  o3: { inputPerMillion: "2.00", outputPerMillion: "8.00" },
  "o4-mini": { inputPerMillion: "1.10", outputPerMillion: "4.40" },
};

// decimal.js is typed as CommonJS: under nodenext the default import types as the module object,
// while Node loads the ESM build whose default export is the class.
const DecimalClass = decimalModule as unknown as typeof Decimal;
/** Exact decimal arithmetic for money, private to cost calculations. */
export const Money = DecimalClass.clone({ precision: 40, rounding: DecimalClass.ROUND_HALF_EVEN });
const DATED_SNAPSHOT = /-\d{4}-\d{2}-\d{2}$/;

/** The price of `model`, also for dated snapshots such as `gpt-4.1-mini-2025-04-14`. */
export function priceOf(model: string, table: PriceTable = defaultPrices): ModelPrice | undefined {
  return table[model] ?? table[model.replace(DATED_SNAPSHOT, "")];
}

/** The cost of one model call in US dollars, as decimal text with {@link COST_SCALE} places. */
export function costOf(model: string, tokens: TokenCount, table: PriceTable = defaultPrices): Cost {
  const price = priceOf(model, table);
  if (!price) return { costUsd: new Money(0).toFixed(COST_SCALE), priced: false };
  const cost = new Money(price.inputPerMillion)
    .times(tokens.promptTokens)
    .plus(new Money(price.outputPerMillion).times(tokens.completionTokens))
    .dividedBy(1_000_000);
  return { costUsd: cost.toFixed(COST_SCALE), priced: true };
}

/** Adds decimal cost strings exactly. */
export function addCosts(...costs: string[]): string {
  return costs.reduce((sum, cost) => sum.plus(cost), new Money(0)).toFixed(COST_SCALE);
}
