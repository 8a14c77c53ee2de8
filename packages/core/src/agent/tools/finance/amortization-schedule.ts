import { roundTo } from "./currencies.ts";
import { Dec } from "./decimal.ts";

export interface LoanTerms {
  principal: Dec;
  annualRatePercent: Dec;
  termMonths: number;
  /** Paid towards principal on top of every scheduled payment. */
  extraPayment: Dec;
  /** Minor units of the currency: every amount is rounded to these places. */
  places: number;
}

export interface AmortizationRow {
  period: number;
  payment: Dec;
  interest: Dec;
  principal: Dec;
  balance: Dec;
}

export interface Amortization {
  scheduledPayment: Dec;
  rows: AmortizationRow[];
  totalPaid: Dec;
  totalInterest: Dec;
  totalPrincipal: Dec;
}

/** The level monthly payment that repays the loan over its term, rounded half up to the minor unit. */
export function levelPayment(terms: LoanTerms): Dec {
  const { principal, termMonths, places } = terms;
  const monthlyRate = terms.annualRatePercent.div(1200);
  if (monthlyRate.isZero()) return roundTo(principal.div(termMonths), places, "half_up");
  const discount = new Dec(1).minus(monthlyRate.plus(1).pow(-termMonths));
  return roundTo(principal.times(monthlyRate).div(discount), places, "half_up");
}

/**
 * The month-by-month schedule of a fixed-rate loan. Interest is rounded half up each month; the
 * last payment takes whatever balance is left, so the balance ends at exactly zero and the
 * principal parts add up to the loan. Extra payments shorten the schedule.
 */
export function amortize(terms: LoanTerms): Amortization {
  const scheduledPayment = levelPayment(terms);
  const monthlyRate = terms.annualRatePercent.div(1200);
  const rows: AmortizationRow[] = [];
  let balance = terms.principal;
  let totalInterest = new Dec(0);
  for (let period = 1; period <= terms.termMonths && balance.gt(0); period += 1) {
    const interest = roundTo(balance.times(monthlyRate), terms.places, "half_up");
    const planned = scheduledPayment.plus(terms.extraPayment).minus(interest);
    const principal = period === terms.termMonths || planned.gte(balance) ? balance : Dec.max(planned, 0);
    balance = balance.minus(principal);
    totalInterest = totalInterest.plus(interest);
    rows.push({ period, payment: interest.plus(principal), interest, principal, balance });
  }
  const totalPrincipal = rows.reduce((sum, row) => sum.plus(row.principal), new Dec(0));
  return {
    scheduledPayment,
    rows,
    totalPaid: totalPrincipal.plus(totalInterest),
    totalInterest,
    totalPrincipal,
  };
}
