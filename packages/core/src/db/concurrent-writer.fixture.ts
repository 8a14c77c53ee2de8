/**
 * A second process for the concurrency tests: `node concurrent-writer.fixture.ts <url> <mode> <n>`.
 * Prints "ready" just before it starts, then `migrate`s or writes `n` two-row transactions, then
 * prints its result as JSON.
 */
import { openDatabase } from "./client.ts";
import { migrate } from "./migrate.ts";
import { writeTransaction } from "./write-transaction.ts";

const [url, mode, count] = process.argv.slice(2);
if (!url || (mode !== "migrate" && mode !== "write")) throw new Error("usage: <url> migrate|write <n>");
const db = await openDatabase({ url });
process.stdout.write("ready\n");
if (mode === "migrate") {
  process.stdout.write(`${JSON.stringify(await migrate(db))}\n`);
} else {
  for (let i = 0; i < Number(count); i++) {
    await writeTransaction(db, async (tx) => {
      await tx.execute({ sql: "INSERT INTO writes (writer, n) VALUES ('child', ?)", args: [i] });
      await tx.execute({ sql: "INSERT INTO writes (writer, n) VALUES ('child', ?)", args: [-i - 1] });
    });
  }
  process.stdout.write(`${JSON.stringify({ written: Number(count) })}\n`);
}
db.close();
