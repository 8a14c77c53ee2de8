import { z } from "zod";
import { defineTool } from "../../tool.ts";
import {
  Dec,
  decimalInput,
  decimalPlacesInput,
  ensure,
  fixed,
  json,
  percentInput,
  toDecimal,
} from "./decimal.ts";

const MAX_YEARS = 100;

const input = z.strictObject({
  principal: decimalInput("The starting amount invested or owed (0 or more)."),
  annualRatePercent: percentInput("The nominal annual interest rate, above -100 and at most 1000."),
  years: decimalInput(`How long it grows, in years (more than 0, at most ${MAX_YEARS}; "2.5" is allowed).`),
  compoundingPerYear: z
    .literal([1, 2, 4, 12, 52, 365])
    .optional()
    .describe(
      "Compounding periods per year: 1 yearly (the default), 2, 4 quarterly, 12 monthly, 52, 365 daily.",
    ),
  contributionPerPeriod: decimalInput(
    "Optional amount added every compounding period (e.g. monthly with compoundingPerYear 12); negative for withdrawals.",
  ).optional(),
  contributionTiming: z
    .enum(["end", "start"])
    .optional()
    .describe(
      'When contributions are made in each period: "end" (ordinary annuity, the default) or "start".',
    ),
  decimalPlaces: decimalPlacesInput(2, "the money amounts"),
});

type CompoundGrowthArgs = z.infer<typeof input>;

function periodCount(years: Dec, perYear: number): number {
  ensure(years.gt(0) && years.lte(MAX_YEARS), `years must be more than 0 and at most ${MAX_YEARS}`);
  const periods = years.times(perYear);
  ensure(
    periods.isInteger(),
    `${years} years is not a whole number of periods at ${perYear} per year; choose years so years x compoundingPerYear is whole`,
  );
  return periods.toNumber();
}

/** Future value of a principal plus level contributions at a periodic rate over whole periods. */
function futureValue(args: CompoundGrowthArgs) {
  const principal = toDecimal(args.principal);
  const rate = toDecimal(args.annualRatePercent);
  const perYear = args.compoundingPerYear ?? 1;
  const contribution =
    args.contributionPerPeriod === undefined ? new Dec(0) : toDecimal(args.contributionPerPeriod);
  ensure(principal.gte(0), "principal must be 0 or more");
  ensure(rate.gt(-100) && rate.lte(1000), "annualRatePercent must be above -100 and at most 1000");
  const periods = periodCount(toDecimal(args.years), perYear);
  const periodicRate = rate.div(100).div(perYear);
  const growth = periodicRate.plus(1).pow(periods);
  let contributionsValue = periodicRate.isZero()
    ? contribution.times(periods)
    : contribution.times(growth.minus(1)).div(periodicRate);
  if (args.contributionTiming === "start")
    contributionsValue = contributionsValue.times(periodicRate.plus(1));
  const total = principal.times(growth).plus(contributionsValue);
  const contributed = contribution.times(periods);
  const effectiveAnnual = periodicRate.plus(1).pow(perYear).minus(1).times(100);
  return { principal, rate, perYear, periods, total, contributed, effectiveAnnual };
}

export const compoundGrowthTool = defineTool({
  name: "compound_growth",
  description:
    "Future value of an amount growing at compound interest, exactly in decimal: principal x (1 + r/n)^(n x years), " +
    "plus the future value of an optional level contribution made every compounding period. " +
    "Returns the future value, total contributions, total interest and the effective annual rate.",
  kind: "read",
  input,
  async run(args) {
    const places = args.decimalPlaces ?? 2;
    const { principal, rate, perYear, periods, total, contributed, effectiveAnnual } = futureValue(args);
    const interest = total.minus(principal).minus(contributed);
    const futureValueText = fixed(total, places);
    return {
      content: json({
        futureValue: futureValueText,
        principal: principal.toString(),
        totalContributions: fixed(contributed, places),
        totalInterest: fixed(interest, places),
        periods,
        effectiveAnnualRatePercent: fixed(effectiveAnnual, 6),
      }),
      summary: `${principal} at ${rate}% compounded ${perYear}x/year over ${periods} periods = ${futureValueText}`,
    };
  },
});

const cagrInput = z.strictObject({
  startValue: decimalInput("The value at the start (more than 0)."),
  endValue: decimalInput("The value at the end (0 or more)."),
  years: decimalInput("Years between start and end (more than 0, at most 1000; fractions allowed)."),
  decimalPlaces: decimalPlacesInput(2, "the percentage"),
});

export const cagrTool = defineTool({
  name: "cagr",
  description:
    "Compound annual growth rate between a start and an end value over a number of years: (end / start)^(1 / years) - 1, as a percentage.",
  kind: "read",
  input: cagrInput,
  async run(args) {
    const start = toDecimal(args.startValue);
    const end = toDecimal(args.endValue);
    const years = toDecimal(args.years);
    ensure(start.gt(0), "startValue must be more than 0");
    ensure(end.gte(0), "endValue must be 0 or more");
    ensure(years.gt(0) && years.lte(1000), "years must be more than 0 and at most 1000");
    const rate = end.div(start).pow(new Dec(1).div(years)).minus(1).times(100);
    const percent = fixed(rate, args.decimalPlaces ?? 2);
    return {
      content: json({
        cagrPercent: percent,
        startValue: start.toString(),
        endValue: end.toString(),
        years: years.toString(),
      }),
      summary: `CAGR from ${start} to ${end} over ${years} years = ${percent}%`,
    };
  },
});
