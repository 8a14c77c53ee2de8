import { type Logger, pino } from "pino";

export type { Logger };

/** Paths that may hold secrets; pino replaces their values before a line is written. */
const redact = [
  "password",
  "*.password",
  "token",
  "*.token",
  "apiKey",
  "*.apiKey",
  "authorization",
  "*.authorization",
  "headers.authorization",
  "headers.cookie",
  'headers["x-csrf-token"]',
  "cookie",
  "*.cookie",
];

/**
 * JSON logs to stdout. Every line carries `service`; request handlers add `requestId` through a
 * child logger so one request's lines can be found together.
 */
export function createLogger(options: { level: string; service: string }): Logger {
  return pino({
    level: options.level,
    base: { service: options.service },
    redact: { paths: redact, censor: "[redacted]" },
    timestamp: pino.stdTimeFunctions.isoTime,
  });
}
