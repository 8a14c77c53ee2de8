import { describe, expect, it } from "vitest";
import { builtinScripts } from "./openai-builtin-scripts.ts";
import { compareDecimals, periodOf, projectsOf } from "./openai-demo-script.ts";
import type { ChatRequest, ReplyTurn } from "./openai-script.ts";

const reportTool = {
  type: "function",
  function: { name: "capitalisation_report", parameters: { type: "object" } },
};

function request(messages: unknown[], tools: unknown[] = [reportTool]): ChatRequest {
  return {
    seq: 1,
    headers: {},
    receivedAtMs: 0,
    body: { model: "m", messages, tools } as ChatRequest["body"],
  };
}

async function turn(req: ChatRequest): Promise<ReplyTurn> {
  const demo = builtinScripts.demo?.forever;
  if (typeof demo !== "function") throw new Error("demo must be a function turn");
  return (await demo(req)) as ReplyTurn;
}

const question = "How much can we capitalise for FIN in Q3 2024, and why?";
const epicColumns = [
  "epicKey",
  "summary",
  "developmentFrom",
  "postImplementationFrom",
  "capitalisableHours",
  "capitalisableCost",
  "expensedHours",
  "expensedCost",
  "unclassifiedHours",
  "unclassifiedCost",
  "unratedHours",
  "worklogs",
];
const content = {
  period: { from: "2024-07-01", to: "2024-09-30" },
  projects: ["FIN"],
  currency: "USD",
  rounding: "each line to cents, half-even; totals are the sums of the lines",
  syncedAt: "2024-10-01T00:00:00.000Z",
  totals: {
    capitalisable: { hours: "12.50", cost: "1062.51" },
    expensed: { hours: "3.00", cost: "255.00" },
    unclassified: { hours: "1.00", cost: "85.00" },
    total: { hours: "16.50", cost: "1402.51" },
    unrated: { hours: "2.00", worklogs: 1 },
    worklogs: 9,
  },
  epicColumns,
  epics: [
    ["FIN-2", "Ledger import", null, null, "0.00", "0.00", "3.00", "255.00", "0.00", "0.00", "0.00", 3],
    ["FIN-9", "Bank feeds", "2024-07-01", null, "2.50", "9.99", "0.00", "0.00", "0.00", "0.00", "0.00", 2],
    [
      "FIN-21",
      "Bank reconciliation",
      "2024-06-15",
      "2024-09-20",
      "10.00",
      "1052.52",
      "0.00",
      "0.00",
      "0.00",
      "0.00",
      "2.00",
      3,
    ],
    [null, null, null, null, "0.00", "0.00", "0.00", "0.00", "1.00", "85.00", "0.00", 1],
  ],
  exceptions: { unclassified: { count: 1, first: [] }, unrated: { count: 1, first: [] } },
  evidence: [{ epicKey: "FIN-21", pulls: ["acme/ledger#7 FIN-21 match bank lines"], commits: [] }],
};
const wrapped = `<tool_output tool="capitalisation_report" untrusted="true">\n${JSON.stringify(content)}\n</tool_output>`;
const call = {
  role: "assistant",
  content: null,
  tool_calls: [
    { id: "call_1_0", type: "function", function: { name: "capitalisation_report", arguments: "{}" } },
  ],
};

describe("the demo script", () => {
  it("calls capitalisation_report with the question's period and projects", async () => {
    expect(
      await turn(
        request([
          { role: "system", content: "s" },
          { role: "user", content: question },
        ]),
      ),
    ).toEqual({
      toolCalls: [{ name: "capitalisation_report", arguments: { period: "2024-Q3", projects: ["FIN"] } }],
    });
    expect(
      (await turn(request([{ role: "user", content: "What R&D cost is capex for FIN and OPS in 2024-05?" }])))
        .toolCalls,
    ).toEqual([
      { name: "capitalisation_report", arguments: { period: "2024-05", projects: ["FIN", "OPS"] } },
    ]);
  });

  it("answers from the tool's result with its figures as given, top epics by capitalisable cost first", async () => {
    const answer = await turn(
      request([
        { role: "user", content: question },
        call,
        { role: "tool", tool_call_id: "call_1_0", content: wrapped },
      ]),
    );
    const text = answer.text ?? "";
    expect(answer.toolCalls).toBeUndefined();
    for (const figure of [
      "1062.51 USD (12.50 h)",
      "255.00 USD (3.00 h)",
      "85.00 USD (1.00 h)",
      "1402.51 USD (16.50 h) over 9 worklogs",
    ])
      expect(text).toContain(figure);
    expect(text).toContain("1 unclassified worklogs, 1 worklogs by people with no rate (2.00 h");
    expect(text).toContain(content.rounding);
    // 1052.52 > 9.99 > 0.00 compared as decimals, not as text.
    expect(text.indexOf("- FIN-21")).toBeLessThan(text.indexOf("- FIN-9"));
    expect(text.indexOf("- FIN-9")).toBeLessThan(text.indexOf("- FIN-2 "));
    expect(text).toContain(
      "- FIN-21 Bank reconciliation: 1052.52 USD capitalisable (10.00 h), 0.00 USD expensed (0.00 h); development from 2024-06-15, post-implementation from 2024-09-20; GitHub: acme/ledger#7",
    );
  });

  it("says what failed when the tool answered an error, and asks for a period when none is named", async () => {
    const failed = await turn(
      request([
        { role: "user", content: question },
        call,
        {
          role: "tool",
          tool_call_id: "call_1_0",
          content: "Error: No allowed project has a capitalisation policy yet",
        },
      ]),
    );
    expect(failed.text).toBe(
      "The capitalisation report could not be produced: Error: No allowed project has a capitalisation policy yet",
    );
    expect((await turn(request([{ role: "user", content: "Can we capitalise FIN work?" }]))).text).toMatch(
      /^Which period/,
    );
  });

  it("titles a capitalisation conversation after its question", async () => {
    const system = {
      role: "system",
      content: "Write a title of at most six words for the conversation below.",
    };
    const excerpt = {
      role: "user",
      content: `Question: ${question}\n\nAnswer: **R&D capitalisation for FIN, 2024-07-01 to 2024-09-30**`,
    };
    expect(await turn(request([system, excerpt], []))).toEqual({ text: "R&D capitalisation FIN 2024-Q3" });
    expect(await turn(request([system, { role: "user", content: "Question: hello" }], []))).toEqual({
      text: "Echo: Question: hello",
    });
  });

  it("echoes anything else, and a capitalisation question when the tool is not offered", async () => {
    expect(await turn(request([{ role: "user", content: "hello" }]))).toEqual({ text: "Echo: hello" });
    expect(await turn(request([{ role: "user", content: question }], []))).toEqual({
      text: `Echo: ${question}`,
    });
    expect(
      await turn(
        request([
          { role: "user", content: "x" },
          {
            ...call,
            tool_calls: [{ ...call.tool_calls[0], function: { name: "jira_search", arguments: "{}" } }],
          },
          { role: "tool", tool_call_id: "call_1_0", content: "42" },
        ]),
      ),
    ).toEqual({ text: "Tool result: 42" });
  });
});

describe("the demo script's parsing", () => {
  it("reads quarters, months and day ranges", () => {
    expect(periodOf("Q3 2024")).toEqual({ period: "2024-Q3" });
    expect(periodOf("in 2024-q2?")).toEqual({ period: "2024-Q2" });
    expect(periodOf("Q1/2025")).toEqual({ period: "2025-Q1" });
    expect(periodOf("for 2024-09")).toEqual({ period: "2024-09" });
    expect(periodOf("in September 2024")).toEqual({ period: "2024-09" });
    expect(periodOf("from 2024-04-01 to 2024-05-31")).toEqual({ from: "2024-04-01", to: "2024-05-31" });
    expect(periodOf("lately")).toBeUndefined();
  });

  it("takes capitalised keys as projects, not quarters, currencies or standards", () => {
    expect(projectsOf("FIN and OPS in Q3 2024 under ASC 350 / IAS 38, in USD, R&D")).toEqual(["FIN", "OPS"]);
  });

  it("compares decimals exactly", () => {
    expect(compareDecimals("1052.52", "9.99")).toBe(1);
    expect(compareDecimals("0.1", "0.10")).toBe(0);
    expect(compareDecimals("-1.5", "1")).toBe(-1);
  });
});
