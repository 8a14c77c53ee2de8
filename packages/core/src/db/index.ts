export { BUSY_TIMEOUT_MS, type Client, openDatabase, type Queryable, type Transaction } from "./client.ts";
export * as Conversations from "./conversations.ts";
export * as Invites from "./invites.ts";
export * as Messages from "./messages.ts";
export { migrate } from "./migrate.ts";
export * as Runs from "./runs.ts";
export * as Tokens from "./tokens.ts";
export * as Users from "./users.ts";
export { writeTransaction } from "./write-transaction.ts";
