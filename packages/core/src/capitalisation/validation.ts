import { z } from "zod";
import { knownCurrencies } from "../agent/tools/finance/currencies.ts";
import { AppError } from "../errors.ts";
import { isJiraKey } from "../github/jira-keys.ts";
import type { CapRules } from "./types.ts";

/** A real calendar day written YYYY-MM-DD (2026-02-30 is refused). */
export function isIsoDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const parsed = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === value;
}

export const isoDateSchema = z
  .string()
  .refine(isIsoDate, "a calendar day written YYYY-MM-DD, e.g. 2026-07-01");

/** ISO 4217 codes whose minor units the report knows (rounding needs them). */
export const currencySchema = z
  .string()
  .refine(
    (code) => knownCurrencies.includes(code),
    `an ISO 4217 currency code in capitals, one of ${knownCurrencies.join(", ")}`,
  );

/** An hourly rate: a plain decimal above 0 with at most 6 decimals, as text. */
export const hourlyRateSchema = z
  .string()
  .regex(/^\d{1,12}(\.\d{1,6})?$/, 'a plain decimal above 0 with at most 6 decimals, e.g. "85.00"')
  .refine((rate) => /[1-9]/.test(rate), "the rate must be above 0");

export const issueKeySchema = z.string().max(40).refine(isJiraKey, "a Jira issue key such as FIN-42");

const nameList = (what: string) =>
  z
    .array(z.string().trim().min(1).max(200))
    .max(1000)
    .transform((items) => [...new Set(items)])
    .describe(what);

export const capRulesSchema = z.strictObject({
  epics: z.array(issueKeySchema).max(1000).transform(unique).describe("Epics whose issues are in scope"),
  issueTypes: nameList("Issue type names in scope"),
  labels: nameList("Labels in scope"),
  components: nameList("Components in scope"),
  include: z.array(issueKeySchema).max(1000).transform(unique).describe("Issue keys always in scope"),
  exclude: z.array(issueKeySchema).max(1000).transform(unique).describe("Issue keys never in scope"),
}) satisfies z.ZodType<CapRules, unknown>;

function unique(items: string[]): string[] {
  return [...new Set(items)];
}

/** Parses `value` with `schema`, or throws a 400 `invalid_request` naming what is wrong. */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, what: string): z.infer<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues
    .map((issue) => (issue.path.length ? `${issue.path.join(".")}: ${issue.message}` : issue.message))
    .join("; ");
  throw new AppError("invalid_request", `Invalid ${what}: ${problems}`);
}
