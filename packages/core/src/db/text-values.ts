import type { Client, InArgs, InStatement, InValue, Transaction, TransactionMode } from "@libsql/client";

/**
 * NUL (U+0000) in text bound to a statement, replaced with U+FFFD. Why: the local libSQL driver
 * returns text only up to its first NUL (SQLite keeps every byte), so the rest would be lost
 * silently on read, and SQLite's own text functions stop there too. The Api refuses NUL in what
 * people send (400); what reaches the store with one was written by the agent, a tool, GitHub or
 * Jira, and shows the replacement character where the NUL was instead of being cut. Local and
 * remote databases both do this, so text reads back the same from either.
 */
export function visibleText(value: string): string {
  return value.includes("\0") ? value.replaceAll("\0", "\uFFFD") : value;
}

function visibleValue<T extends InValue | undefined>(value: T): T {
  return (typeof value === "string" ? visibleText(value) : value) as T;
}

function visibleArgs(args: InArgs | undefined): InArgs | undefined {
  if (args === undefined) return undefined;
  if (Array.isArray(args)) return args.map(visibleValue);
  return Object.fromEntries(Object.entries(args).map(([name, value]) => [name, visibleValue(value)]));
}

function visibleStatement(stmt: InStatement): InStatement;
function visibleStatement(stmt: InStatement | [string, InArgs?]): InStatement | [string, InArgs?];
function visibleStatement(stmt: InStatement | [string, InArgs?]): InStatement | [string, InArgs?] {
  if (typeof stmt === "string") return stmt;
  if (Array.isArray(stmt)) return [stmt[0], visibleArgs(stmt[1])];
  return { sql: stmt.sql, args: visibleArgs(stmt.args) ?? [] };
}

/** `execute(stmt)` or `execute(sql, args)` as one statement with its text made visible. */
function visibleCall(stmt: InStatement, args?: InArgs): InStatement {
  return typeof stmt === "string" ? { sql: stmt, args: visibleArgs(args) ?? [] } : visibleStatement(stmt);
}

/**
 * `client` (a remote one: local files get the same from FileClient's conversions) with NUL in
 * bound text replaced as {@link visibleText} says, in its transactions too.
 */
export function replacingNul(client: Client): Client {
  return new Proxy(client, {
    get(target, property) {
      if (property === "execute") {
        return (stmt: InStatement, args?: InArgs) => target.execute(visibleCall(stmt, args));
      }
      if (property === "batch") {
        return (stmts: Array<InStatement | [string, InArgs?]>, mode?: TransactionMode) =>
          target.batch(
            stmts.map((stmt) => visibleStatement(stmt)),
            mode,
          );
      }
      if (property === "migrate") {
        return (stmts: InStatement[]) => target.migrate(stmts.map((stmt) => visibleStatement(stmt)));
      }
      if (property === "transaction") {
        return async (mode?: TransactionMode) => replacingNulInTransaction(await target.transaction(mode));
      }
      const value = Reflect.get(target, property);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

function replacingNulInTransaction(tx: Transaction): Transaction {
  return new Proxy(tx, {
    get(target, property) {
      if (property === "execute") {
        return (stmt: InStatement, args?: InArgs) => target.execute(visibleCall(stmt, args));
      }
      if (property === "batch") {
        return (stmts: InStatement[]) => target.batch(stmts.map((stmt) => visibleStatement(stmt)));
      }
      const value = Reflect.get(target, property);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}
