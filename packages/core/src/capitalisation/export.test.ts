import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestBucket } from "../backup/test-bucket.ts";
import { newId } from "../ids.ts";
import {
  capReportCsv,
  capReportXlsx,
  currencyFormat,
  financeExportKeys,
  neutraliseFormula,
  readCapExport,
  writeCapExport,
} from "./export.ts";
import type { CapLine, CapReport, HoursAndCost } from "./types.ts";

let bucket: Awaited<ReturnType<typeof openTestBucket>>;
beforeAll(async () => {
  bucket = await openTestBucket();
});
afterAll(() => bucket.close());

const rate = {
  id: "r1",
  subjectKind: "person" as const,
  subject: "acc-1",
  hourlyRate: "90.00",
  effectiveFrom: "2026-01-01",
};
const line = (over: Partial<CapLine>): CapLine => ({
  worklogId: "10001",
  issueKey: "FIN-2",
  issueSummary: "Ledger import",
  epicKey: "FIN-1",
  accountId: "acc-1",
  authorName: "Zoë Ångström",
  workDate: "2026-08-03",
  seconds: 3600,
  hours: "1.00",
  treatment: "capitalisable",
  reason: "epic FIN-1 is in scope and in development on 2026-08-03",
  phase: "development",
  rate,
  cost: "90.00",
  ...over,
});

// Three thirds of an hour at 100.00: each 33.33 exactly 33.333…, the largest remainder takes the cent.
const lines: CapLine[] = [
  line({
    worklogId: "1",
    seconds: 1200,
    hours: "0.34",
    cost: "33.34",
    rate: { ...rate, hourlyRate: "100.00" },
  }),
  line({
    worklogId: "2",
    seconds: 1200,
    hours: "0.33",
    cost: "33.33",
    rate: { ...rate, hourlyRate: "100.00" },
  }),
  line({
    worklogId: "3",
    seconds: 1200,
    hours: "0.33",
    cost: "33.33",
    rate: { ...rate, hourlyRate: "100.00" },
  }),
  line({
    worklogId: "4",
    issueSummary: '=HYPERLINK("http://evil","click"), then "more"\nsecond line',
    treatment: "expensed",
    phase: "preliminary",
    seconds: 5400,
    hours: "1.50",
    cost: "135.00",
    reason: "-epic FIN-1 is preliminary",
  }),
  line({
    worklogId: "5",
    issueKey: "FIN-9",
    epicKey: null,
    issueSummary: "@SUM(A1:A2)",
    treatment: "unclassified",
    phase: null,
    reason: "issue FIN-9 has no epic",
    seconds: 1800,
    hours: "0.50",
    cost: "45.00",
  }),
  line({
    worklogId: "6",
    accountId: "acc-2",
    authorName: "+Nobody",
    rate: null,
    cost: null,
    hours: "2.00",
    seconds: 7200,
  }),
];
const hc = (hours: string, cost: string): HoursAndCost => ({ hours, cost });
const report: CapReport = {
  period: { from: "2026-07-01", to: "2026-09-30" },
  projects: ["FIN"],
  currency: "EUR",
  rounding: "largest remainder against the half-even rounded total",
  generatedAt: "2026-12-05T02:00:00.000Z",
  syncedAt: "2026-12-05T01:00:00.000Z",
  totals: {
    capitalisable: hc("1.00", "100.00"),
    expensed: hc("1.50", "135.00"),
    unclassified: hc("0.50", "45.00"),
    total: hc("3.00", "280.00"),
    unrated: { hours: "2.00", worklogs: 1 },
    worklogs: 6,
  },
  epics: [
    {
      epicKey: "FIN-1",
      summary: "Ledger",
      projectKey: "FIN",
      phases: { developmentFrom: "2026-08-01", postImplementationFrom: null },
      capitalisable: hc("1.00", "100.00"),
      expensed: hc("1.50", "135.00"),
      unclassified: hc("0.00", "0.00"),
      unratedHours: "2.00",
      worklogs: 5,
      evidence: {
        pulls: [
          {
            repo: "acme/ledger",
            number: 7,
            title: "FIN-2: import",
            url: "https://github.com/acme/ledger/pull/7",
          },
        ],
        commits: [
          {
            repo: "acme/ledger",
            sha: "0123456789abcdef0123456789abcdef01234567",
            message: "FIN-2: parse rows\n\nand more",
            url: "https://github.com/acme/ledger/commit/0123456789abcdef0123456789abcdef01234567",
          },
        ],
      },
    },
    {
      epicKey: null,
      summary: null,
      projectKey: null,
      phases: null,
      capitalisable: hc("0.00", "0.00"),
      expensed: hc("0.00", "0.00"),
      unclassified: hc("0.50", "45.00"),
      unratedHours: "0.00",
      worklogs: 1,
      evidence: null,
    },
  ],
  people: [
    {
      accountId: "acc-1",
      name: "Zoë Ångström",
      role: "Engineer",
      capitalisable: hc("1.00", "100.00"),
      expensed: hc("1.50", "135.00"),
      unclassified: hc("0.50", "45.00"),
      unratedHours: "0.00",
      worklogs: 5,
    },
  ],
  exceptions: {
    unclassified: lines.filter((l) => l.treatment === "unclassified"),
    unrated: [lines[5] as CapLine],
  },
};

/** RFC 4180 reader: quoted fields with doubled quotes and line breaks, CRLF between records. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted && ch === '"' && text[i + 1] === '"') {
      field += '"';
      i++;
    } else if (quoted && ch === '"') {
      quoted = false;
    } else if (quoted) {
      field += ch;
    } else if (ch === '"') {
      quoted = true;
    } else if (ch === ",") {
      row.push(field);
      field = "";
    } else if (ch === "\r" && text[i + 1] === "\n") {
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
      i++;
    } else {
      field += ch;
    }
  }
  return rows;
}

const sumCents = (values: (string | number | null | undefined)[]) =>
  values.reduce<number>((sum, v) => sum + Math.round(Number(v ?? 0) * 100), 0);

describe("capitalisation export: CSV", () => {
  const csv = capReportCsv(report, lines);
  const rows = parseCsv(csv.slice(1));

  it("is UTF-8 with a byte order mark, CRLF records, every line with every column", () => {
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(csv.endsWith("\r\n")).toBe(true);
    const header = rows[0] ?? [];
    expect(header).toContain("Cost");
    expect(header).toContain("Reason");
    const body = rows.slice(1, 1 + lines.length);
    expect(body.map((r) => r[0])).toEqual(["1", "2", "3", "4", "5", "6"]);
    for (const r of body) expect(r).toHaveLength(header.length);
    expect(body[0]?.[5]).toBe("Zoë Ångström");
    expect(body[5]?.[header.indexOf("Cost")]).toBe("");
  });

  it("keeps commas, quotes and line breaks inside one field, and neutralises formulas", () => {
    const header = rows[0] ?? [];
    const body = rows.slice(1, 1 + lines.length);
    const summary = header.indexOf("Issue summary");
    expect(body[3]?.[summary]).toBe(`'=HYPERLINK("http://evil","click"), then "more"\nsecond line`);
    expect(body[4]?.[summary]).toBe("'@SUM(A1:A2)");
    expect(body[3]?.[header.indexOf("Reason")]).toBe("'-epic FIN-1 is preliminary");
    expect(body[5]?.[header.indexOf("Person")]).toBe("'+Nobody");
    expect(neutraliseFormula("\tcmd")).toBe("'\tcmd");
    expect(neutraliseFormula("FIN-1")).toBe("FIN-1");
  });

  it("ends with the totals block, equal to the report's and to the lines added up", () => {
    const header = rows[0] ?? [];
    const cost = header.indexOf("Cost");
    const treatment = header.indexOf("Treatment");
    const body = rows.slice(1, 1 + lines.length);
    const totals = new Map(rows.slice(1 + lines.length).map((r) => [r[0], r]));
    expect(totals.get("Totals")?.slice(1)).toEqual(["Hours", "Cost (EUR)", "Worklogs"]);
    for (const [label, kind] of [
      ["Capitalisable", "capitalisable"],
      ["Expensed", "expensed"],
      ["Unclassified", "unclassified"],
    ] as const) {
      expect(totals.get(label)?.slice(1, 3)).toEqual([report.totals[kind].hours, report.totals[kind].cost]);
      const added = sumCents(body.filter((r) => r[treatment] === kind).map((r) => r[cost]));
      expect(added).toBe(sumCents([report.totals[kind].cost]));
    }
    expect(totals.get("Total (rated)")?.slice(1, 3)).toEqual(["3.00", "280.00"]);
    expect(totals.get("Unrated (no cost)")?.slice(1)).toEqual(["2.00", "", "1"]);
    expect(totals.get("Period")?.slice(1)).toEqual(["2026-07-01", "2026-09-30"]);
  });
});

describe("capitalisation export: XLSX", () => {
  async function open(bytes: Uint8Array) {
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
    return book;
  }

  it("has the five sheets, numbers as numeric cells in the currency's format, totals equal to the report's", async () => {
    const book = await open(await capReportXlsx(report, lines));
    expect(book.worksheets.map((s) => s.name)).toEqual([
      "Summary",
      "Epics",
      "People",
      "Lines",
      "Exceptions",
      "Evidence",
    ]);

    const summary = book.getWorksheet("Summary");
    const byLabel = new Map<string, ExcelJS.Row>();
    summary?.eachRow((row) => byLabel.set(String(row.getCell(1).value), row));
    for (const [label, figure] of [
      ["Capitalisable", report.totals.capitalisable],
      ["Expensed", report.totals.expensed],
      ["Unclassified", report.totals.unclassified],
      ["Total (rated)", report.totals.total],
    ] as const) {
      const row = byLabel.get(label);
      expect(row?.getCell(2).value).toBe(Number(figure.hours));
      expect(row?.getCell(3).value).toBe(Number(figure.cost));
      expect(row?.getCell(3).numFmt).toBe('#,##0.00 "EUR"');
    }

    const sheet = book.getWorksheet("Lines");
    const header = ((sheet?.getRow(1).values ?? []) as unknown[]).map(String);
    const cost = header.indexOf("Cost");
    const treatment = header.indexOf("Treatment");
    const rows: ExcelJS.Row[] = [];
    sheet?.eachRow((row, n) => n > 1 && rows.push(row));
    expect(rows).toHaveLength(lines.length);
    const first = rows[0];
    expect(typeof first?.getCell(cost).value).toBe("number");
    expect(first?.getCell(cost).numFmt).toBe('#,##0.00 "EUR"');
    expect(first?.getCell(header.indexOf("Hours")).value).toBe(0.34);
    expect(rows[5]?.getCell(cost).value).toBeNull();
    for (const kind of ["capitalisable", "expensed", "unclassified"] as const) {
      const values = rows
        .filter((r) => r.getCell(treatment).value === kind)
        .map((r) => r.getCell(cost).value as number);
      expect(sumCents(values)).toBe(sumCents([report.totals[kind].cost]));
    }
    // Text stays text: a formula-looking summary is not a formula cell.
    expect(rows[3]?.getCell(header.indexOf("Issue summary")).type).toBe(ExcelJS.ValueType.String);

    const epics = book.getWorksheet("Epics");
    expect(epics?.getRow(2).getCell(1).value).toBe("FIN-1");
    expect(epics?.getRow(3).getCell(1).value).toBe("(no epic)");
    expect(epics?.getRow(2).getCell(7).value).toBe(100);
    const exceptions = book.getWorksheet("Exceptions");
    expect(exceptions?.rowCount).toBe(1 + 2);
    const evidence: unknown[][] = [];
    book.getWorksheet("Evidence")?.eachRow((row) => evidence.push((row.values as unknown[]).slice(1)));
    expect(evidence.slice(1)).toEqual([
      [
        "FIN-1",
        "pull request",
        "acme/ledger",
        "#7",
        "FIN-2: import",
        "https://github.com/acme/ledger/pull/7",
      ],
      [
        "FIN-1",
        "commit",
        "acme/ledger",
        "0123456789ab",
        "FIN-2: parse rows",
        "https://github.com/acme/ledger/commit/0123456789abcdef0123456789abcdef01234567",
      ],
    ]);
  });

  it("uses as many decimals as the currency's minor units", () => {
    const yen = { ...report, currency: "JPY", totals: { ...report.totals, total: hc("3.00", "280") } };
    expect(currencyFormat(yen)).toBe('#,##0 "JPY"');
  });
});

describe("capitalisation export: storage", () => {
  it("writes the file and its record under exports/finance/ and reads both back", async () => {
    const id = newId();
    const record = await writeCapExport(bucket.blobs, { id, format: "csv", report, lines, createdBy: "u1" });
    expect(record).toMatchObject({
      id,
      format: "csv",
      filename: "capitalisation-FIN-2026-07-01-2026-09-30.csv",
    });
    expect(await bucket.blobs.get(financeExportKeys.file(id, "csv"))).not.toBeNull();
    const found = await readCapExport(bucket.blobs, id);
    expect(found?.contentType).toBe("text/csv; charset=utf-8");
    const bytes = new Uint8Array(await new Response(found?.file.body).arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(Buffer.from(bytes).toString("utf8")).toBe(capReportCsv(report, lines));
    expect(await readCapExport(bucket.blobs, newId())).toBeNull();
  });
});
