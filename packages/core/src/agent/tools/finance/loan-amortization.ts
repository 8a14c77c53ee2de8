import { z } from "zod";
import { defineTool } from "../../tool.ts";
import { type AmortizationRow, amortize, type LoanTerms } from "./amortization-schedule.ts";
import { currencyInput, minorUnits } from "./currencies.ts";
import { Dec, decimalInput, ensure, json, percentInput, toDecimal } from "./decimal.ts";

const MAX_TERM_MONTHS = 600;
const EDGE_ROWS = 12;

const input = z.strictObject({
  principal: decimalInput("The amount borrowed (more than 0, in the currency's minor units at most)."),
  annualRatePercent: percentInput(
    "The fixed nominal annual interest rate, from 0 to 100; interest accrues monthly at rate/12.",
  ),
  termMonths: z
    .number()
    .int()
    .describe(`The term in months, 1 to ${MAX_TERM_MONTHS} (e.g. 360 for 30 years).`),
  extraPayment: decimalInput(
    "Optional extra principal paid every month on top of the scheduled payment (0 or more).",
  ).optional(),
  currency: currencyInput(
    "Optional currency of the loan, for its minor units (default USD: cents).",
  ).optional(),
});

function loanTerms(args: z.infer<typeof input>): LoanTerms & { currency: string } {
  const currency = (args.currency ?? "USD").toUpperCase();
  const places = minorUnits(currency);
  const principal = toDecimal(args.principal);
  const annualRatePercent = toDecimal(args.annualRatePercent);
  const extraPayment = args.extraPayment === undefined ? new Dec(0) : toDecimal(args.extraPayment);
  ensure(principal.gt(0), "principal must be more than 0");
  ensure(
    principal.decimalPlaces() <= places,
    `principal has more decimals than ${currency} allows (${places}); round it first`,
  );
  ensure(annualRatePercent.gte(0) && annualRatePercent.lte(100), "annualRatePercent must be from 0 to 100");
  ensure(
    args.termMonths >= 1 && args.termMonths <= MAX_TERM_MONTHS,
    `termMonths must be from 1 to ${MAX_TERM_MONTHS}; ${args.termMonths} is outside that range`,
  );
  ensure(
    extraPayment.gte(0) && extraPayment.decimalPlaces() <= places,
    `extraPayment must be 0 or more in ${currency}'s minor units`,
  );
  return { currency, principal, annualRatePercent, termMonths: args.termMonths, extraPayment, places };
}

function rowText(row: AmortizationRow, places: number) {
  return {
    period: row.period,
    payment: row.payment.toFixed(places),
    interest: row.interest.toFixed(places),
    principal: row.principal.toFixed(places),
    balance: row.balance.toFixed(places),
  };
}

/** All rows for a short schedule; otherwise the first and last EDGE_ROWS and a note. */
function shownRows(rows: AmortizationRow[], places: number) {
  if (rows.length <= EDGE_ROWS * 2) return { rows: rows.map((row) => rowText(row, places)) };
  const shown = [...rows.slice(0, EDGE_ROWS), ...rows.slice(-EDGE_ROWS)].map((row) => rowText(row, places));
  const omitted = `Rows ${EDGE_ROWS + 1}-${rows.length - EDGE_ROWS} are omitted; the totals cover all ${rows.length} payments.`;
  return { rows: shown, note: omitted };
}

export const loanAmortizationTool = defineTool({
  name: "loan_amortization",
  description:
    "Fixed-rate loan with monthly payments: the level payment, an amortisation schedule (period, payment, interest, principal, balance) and totals, in exact decimal arithmetic. " +
    "The payment and each month's interest are rounded half up to the currency's minor unit; the last payment absorbs the rounding remainder so the balance ends at exactly 0. " +
    "An optional extra monthly payment shortens the loan; the result then shows months and interest saved. Long schedules show the first and last 12 rows; totals always cover every payment.",
  kind: "read",
  input,
  async run(args) {
    const terms = loanTerms(args);
    const { places, currency } = terms;
    const schedule = amortize(terms);
    const last = schedule.rows.at(-1);
    const saved = terms.extraPayment.isZero() ? undefined : amortize({ ...terms, extraPayment: new Dec(0) });
    const payment = schedule.scheduledPayment.toFixed(places);
    const totalInterest = schedule.totalInterest.toFixed(places);
    return {
      content: json({
        currency,
        payment,
        ...(saved ? { extraPayment: terms.extraPayment.toFixed(places) } : {}),
        payments: schedule.rows.length,
        finalPayment: last?.payment.toFixed(places),
        totalPaid: schedule.totalPaid.toFixed(places),
        totalInterest,
        totalPrincipal: schedule.totalPrincipal.toFixed(places),
        ...(saved
          ? {
              monthsSaved: saved.rows.length - schedule.rows.length,
              interestSaved: saved.totalInterest.minus(schedule.totalInterest).toFixed(places),
            }
          : {}),
        ...shownRows(schedule.rows, places),
      }),
      summary: `${terms.principal} ${currency} at ${terms.annualRatePercent}% over ${terms.termMonths} months: payment ${payment}, total interest ${totalInterest}`,
    };
  },
});
