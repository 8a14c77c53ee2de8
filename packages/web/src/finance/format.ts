/**
 * Figures on the Finance page are the report's decimal strings, shown as they are (never through a
 * float): digits grouped by thousands, the currency after.
 */
export function groupDigits(decimal: string): string {
  const match = /^(-?)(\d+)(\.\d+)?$/.exec(decimal);
  if (!match) return decimal;
  const [, sign = "", whole = "", fraction = ""] = match;
  return `${sign}${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",")}${fraction}`;
}

export function formatMoney(amount: string | null, currency: string): string {
  return amount === null ? "no rate" : `${groupDigits(amount)} ${currency}`;
}

export function formatHours(hours: string): string {
  return `${groupDigits(hours)} h`;
}
