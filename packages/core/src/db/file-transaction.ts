import { type InArgs, type InStatement, LibsqlError, type ResultSet, type Transaction } from "@libsql/client";
import type { Connection } from "./driver-values.ts";

/** What a transaction runs through: its client's one connection. */
export interface TransactionConnection {
  run(stmt: InStatement | string, args?: InArgs): ResultSet;
  runAll(stmts: Array<InStatement | [string, InArgs?]>): ResultSet[];
  executeMultiple(sql: string): void;
  /** Rolls back what is left open and gives the connection back to the client. */
  end(): void;
}

/** An open transaction on the client's connection, which it holds until it commits, rolls back or closes. */
export class FileTransaction implements Transaction {
  readonly #db: Connection;
  readonly #connection: TransactionConnection;
  #ended = false;

  constructor(db: Connection, connection: TransactionConnection) {
    this.#db = db;
    this.#connection = connection;
  }

  get closed(): boolean {
    return this.#ended || !this.#db.open || !this.#db.inTransaction;
  }

  execute(stmt: InStatement): Promise<ResultSet>;
  execute(sql: string, args?: InArgs): Promise<ResultSet>;
  async execute(stmtOrSql: InStatement | string, args?: InArgs): Promise<ResultSet> {
    this.#checkOpen();
    return this.#connection.run(stmtOrSql, args);
  }

  async batch(stmts: Array<InStatement | [string, InArgs?]>): Promise<ResultSet[]> {
    this.#checkOpen();
    return this.#connection.runAll(stmts);
  }

  async executeMultiple(sql: string): Promise<void> {
    this.#checkOpen();
    this.#connection.executeMultiple(sql);
  }

  async commit(): Promise<void> {
    this.#checkOpen();
    try {
      this.#connection.run("COMMIT");
    } finally {
      this.#end();
    }
  }

  async rollback(): Promise<void> {
    if (this.#ended) return;
    this.#end();
  }

  close(): void {
    this.#end();
  }

  /** The client closed under the transaction: nothing more may run through it. */
  abandon(): void {
    this.#ended = true;
  }

  #end(): void {
    if (this.#ended) return;
    this.#ended = true;
    this.#connection.end();
  }

  #checkOpen(): void {
    if (this.closed) throw new LibsqlError("The transaction is closed", "TRANSACTION_CLOSED");
  }
}
