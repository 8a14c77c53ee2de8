import { describe, expect, it } from "vitest";
import { cleanProse } from "./prose.ts";
import { COMMIT } from "./test-support.ts";

const sources = [{ path: "src/a.ts", blobSha: "1".repeat(40), lines: 20 }];

describe("cleanProse", () => {
  it("keeps local citations of given files in the plain form and removes the others", () => {
    const local = { label: "local/ledger", commitSha: COMMIT };
    const raw = [
      `Posting is in \`local/ledger@${COMMIT.slice(0, 7)}:src/a.ts#L3-L9\`.`,
      `Not in \`local/ledger@${COMMIT}:src/b.ts#L1-L2\`, nor local/other@${COMMIT}:src/a.ts#L1.`,
      `Nor [here](https://github.com/local/ledger/blob/${COMMIT}/src/a.ts#L1-L2).`,
    ].join("\n");
    const { markdown, removed } = cleanProse(raw, local, sources);
    expect(markdown).toBe(
      `Posting is in \`local/ledger@${COMMIT}:src/a.ts#L3-L9\`.\nNot in , nor .\nNor here.`,
    );
    expect(removed).toBe(3);
  });

  it("leaves code, ordinary prose and words like data: alone", () => {
    const raw = "It keeps data: invoices.\n\n```ts\nconst x = '<b>';\n```\n\nUse `a<b>` here.";
    const { markdown, removed } = cleanProse(raw, { label: "acme/ledger", commitSha: COMMIT }, sources);
    expect(markdown).toBe(raw);
    expect(removed).toBe(0);
  });
});
