/** The current time as an ISO 8601 UTC string with milliseconds, the one form timestamps are stored in. */
export function nowIso(): string {
  return new Date().toISOString();
}

/** The ISO timestamp `ms` milliseconds after (or, when negative, before) `iso`. */
export function addMs(iso: string, ms: number): string {
  return new Date(Date.parse(iso) + ms).toISOString();
}
