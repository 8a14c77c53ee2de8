import type {
  CapEpicSummary,
  CapPersonSummary,
  CapReport,
  HoursAndCost,
  Treatment,
} from "@finchat/core/capitalisation/types";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { ErrorNotice } from "../layout/error-notice.tsx";
import { type Column, TableHead } from "../layout/table.tsx";
import type { ExportFormat, FinanceApi, LineFilter, ReportScope } from "./api.ts";
import type { ChartMetric } from "./chart.ts";
import { EpicChart } from "./epic-chart.tsx";
import { formatHours, formatMoney } from "./format.ts";
import { financeKeys } from "./keys.ts";
import { LinesTable } from "./lines-table.tsx";

type Drill = { filter: LineFilter; title: string };

/** The report of one period: totals, the chart, epics and people with drill-down, exceptions, exports. */
export function ReportView({ finance, scope }: { finance: FinanceApi; scope: ReportScope }) {
  const [metric, setMetric] = useState<ChartMetric>("cost");
  const [drill, setDrill] = useState<Drill | null>(null);
  const report = useQuery({
    queryKey: financeKeys.report(scope),
    queryFn: () => finance.report(scope),
  });
  const data = report.data;
  return (
    <div className="finance-report" aria-busy={report.isFetching}>
      <ExportButtons finance={finance} scope={scope} />
      {report.error ? <ErrorNotice error={report.error} onRetry={() => report.refetch()} /> : null}
      {report.isPending ? <p className="muted">Building the report…</p> : null}
      {data ? (
        <>
          <Totals report={data} />
          <section className="panel" aria-labelledby="finance-chart-title">
            <div className="panel-header">
              <h2 id="finance-chart-title">By epic</h2>
              <label>
                Show{" "}
                <select value={metric} onChange={(e) => setMetric(e.target.value as ChartMetric)}>
                  <option value="cost">Cost ({data.currency})</option>
                  <option value="hours">Hours</option>
                </select>
              </label>
            </div>
            <EpicChart epics={data.epics} metric={metric} currency={data.currency} />
            <EpicTable report={data} onDrill={setDrill} />
          </section>
          <section className="panel" aria-labelledby="finance-people-title">
            <h2 id="finance-people-title">By person</h2>
            <PeopleTable report={data} onDrill={setDrill} />
          </section>
          {drill ? (
            <DrillDown
              finance={finance}
              scope={scope}
              drill={drill}
              currency={data.currency}
              onClose={() => setDrill(null)}
            />
          ) : null}
          <Exceptions report={data} />
          <p className="muted rounding-note">{data.rounding}</p>
        </>
      ) : null}
    </div>
  );
}

function Figure({
  label,
  figure,
  currency,
  id,
}: {
  label: string;
  figure: HoursAndCost;
  currency: string;
  id: string;
}) {
  return (
    <div className="total-card" data-total={id}>
      <dt>{label}</dt>
      <dd>
        <span className="total-cost" data-value={figure.cost}>
          {formatMoney(figure.cost, currency)}
        </span>
        <span className="total-hours muted" data-value={figure.hours}>
          {formatHours(figure.hours)}
        </span>
      </dd>
    </div>
  );
}

function Totals({ report }: { report: CapReport }) {
  const { totals, currency } = report;
  return (
    <section className="panel" aria-labelledby="finance-totals-title">
      <h2 id="finance-totals-title">
        Totals, {report.period.from} – {report.period.to} · {report.projects.join(", ") || "no project"}
      </h2>
      <dl className="totals">
        <Figure id="capitalisable" label="Capitalisable" figure={totals.capitalisable} currency={currency} />
        <Figure id="expensed" label="Expensed" figure={totals.expensed} currency={currency} />
        <Figure id="unclassified" label="Unclassified" figure={totals.unclassified} currency={currency} />
        <div className="total-card" data-total="unrated">
          <dt>Unrated</dt>
          <dd>
            <span className="total-hours" data-value={totals.unrated.hours}>
              {formatHours(totals.unrated.hours)}
            </span>
            <span className="muted">
              {totals.unrated.worklogs} {totals.unrated.worklogs === 1 ? "worklog" : "worklogs"} without a
              rate
            </span>
          </dd>
        </div>
        <Figure id="total" label="Total (rated)" figure={totals.total} currency={currency} />
      </dl>
    </section>
  );
}

function HoursCostCells({ figure, currency }: { figure: HoursAndCost; currency: string }) {
  return (
    <td className="num">
      {formatMoney(figure.cost, currency)}
      <br />
      <span className="muted">{formatHours(figure.hours)}</span>
    </td>
  );
}

/** The figure columns both the epic and the person table end with, as {@link FigureCells} fills them. */
const FIGURE_COLUMNS: Column[] = ["Capitalisable", "Expensed", "Unclassified", "Unrated", "Worklogs"].map(
  (label) => ({ label, num: true }),
);

function FigureCells({
  summary,
  currency,
}: {
  summary: CapEpicSummary | CapPersonSummary;
  currency: string;
}) {
  return (
    <>
      <HoursCostCells figure={summary.capitalisable} currency={currency} />
      <HoursCostCells figure={summary.expensed} currency={currency} />
      <HoursCostCells figure={summary.unclassified} currency={currency} />
      <td className="num">{formatHours(summary.unratedHours)}</td>
      <td className="num">{summary.worklogs}</td>
    </>
  );
}

/** A row's name, opening the drill-down on its worklogs. */
function DrillButton({
  name,
  filter,
  onDrill,
}: {
  name: string;
  filter: LineFilter;
  onDrill: (drill: Drill) => void;
}) {
  const title = `Worklogs of ${name}`;
  return (
    <button
      type="button"
      className="link-button"
      aria-label={title}
      onClick={() => onDrill({ filter, title })}
    >
      {name}
    </button>
  );
}

function EpicTable({ report, onDrill }: { report: CapReport; onDrill: (drill: Drill) => void }) {
  if (report.epics.length === 0) return <p className="muted">No worklogs in this period.</p>;
  return (
    <div className="table-scroll">
      <table className="data-table finance-table">
        <caption className="visually-hidden">Capitalisable, expensed and unclassified per epic</caption>
        <TableHead columns={["Epic", "Phases", ...FIGURE_COLUMNS, "Evidence"]} />
        <tbody>
          {report.epics.map((epic) => {
            const name = epic.epicKey ?? "No epic";
            return (
              <tr key={epic.epicKey ?? "none"} data-epic={epic.epicKey ?? "none"}>
                <th scope="row">
                  <DrillButton name={name} filter={{ epic: epic.epicKey ?? "none" }} onDrill={onDrill} />
                  {epic.summary ? <span className="muted"> {epic.summary}</span> : null}
                </th>
                <td>
                  {epic.phases ? (
                    <>
                      development {epic.phases.developmentFrom ?? "not set"}
                      <br />
                      post-impl. {epic.phases.postImplementationFrom ?? "not set"}
                    </>
                  ) : epic.epicKey ? (
                    "not set"
                  ) : (
                    "—"
                  )}
                </td>
                <FigureCells summary={epic} currency={report.currency} />
                <td>
                  <Evidence evidence={epic.evidence} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/** The GitHub pull requests and commits that carry the epic's or its issues' keys. */
function Evidence({ evidence }: { evidence: CapEpicSummary["evidence"] }) {
  if (!evidence) return <span className="muted">not looked up</span>;
  const { pulls, commits } = evidence;
  if (pulls.length === 0 && commits.length === 0) return <span className="muted">none found</span>;
  return (
    <details className="evidence">
      <summary>
        {pulls.length} {pulls.length === 1 ? "pull request" : "pull requests"}, {commits.length}{" "}
        {commits.length === 1 ? "commit" : "commits"}
      </summary>
      <ul>
        {pulls.map((pull) => (
          <li key={`${pull.repo}#${pull.number}`}>
            <a href={pull.url} target="_blank" rel="noreferrer">
              {pull.repo}#{pull.number}
            </a>{" "}
            {pull.title}
          </li>
        ))}
        {commits.map((commit) => (
          <li key={`${commit.repo}@${commit.sha}`}>
            <a href={commit.url} target="_blank" rel="noreferrer">
              {commit.repo}@{commit.sha.slice(0, 7)}
            </a>{" "}
            {commit.message.split("\n")[0]}
          </li>
        ))}
      </ul>
    </details>
  );
}

function PeopleTable({ report, onDrill }: { report: CapReport; onDrill: (drill: Drill) => void }) {
  if (report.people.length === 0) return <p className="muted">Nobody logged work in this period.</p>;
  return (
    <div className="table-scroll">
      <table className="data-table finance-table">
        <caption className="visually-hidden">Capitalisable, expensed and unclassified per person</caption>
        <TableHead columns={["Person", "Role", ...FIGURE_COLUMNS]} />
        <tbody>
          {report.people.map((person) => (
            <tr key={person.accountId} data-person={person.accountId}>
              <th scope="row">
                <DrillButton name={person.name} filter={{ accountId: person.accountId }} onDrill={onDrill} />
              </th>
              <td>{person.role ?? "—"}</td>
              <FigureCells summary={person} currency={report.currency} />
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function DrillDown({
  finance,
  scope,
  drill,
  currency,
  onClose,
}: {
  finance: FinanceApi;
  scope: ReportScope;
  drill: Drill;
  currency: string;
  onClose: () => void;
}) {
  const [treatment, setTreatment] = useState<Treatment | "">("");
  const filter: LineFilter = treatment ? { ...drill.filter, treatment } : drill.filter;
  const lines = useQuery({
    queryKey: financeKeys.lines(scope, filter),
    queryFn: () => finance.lines(scope, filter),
  });
  return (
    <section className="panel drill-down" aria-labelledby="finance-drill-title">
      <div className="panel-header">
        <h2 id="finance-drill-title">{drill.title}</h2>
        <label>
          Treatment{" "}
          <select
            aria-label="Treatment"
            value={treatment}
            onChange={(e) => setTreatment(e.target.value as Treatment | "")}
          >
            <option value="">All</option>
            <option value="capitalisable">Capitalisable</option>
            <option value="expensed">Expensed</option>
            <option value="unclassified">Unclassified</option>
          </select>
        </label>
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
      {lines.error ? <ErrorNotice error={lines.error} onRetry={() => lines.refetch()} /> : null}
      {lines.isPending ? <p className="muted">Loading the worklogs…</p> : null}
      {lines.data ? (
        <LinesTable
          lines={lines.data.items}
          currency={currency}
          caption={`${lines.data.items.length} ${lines.data.items.length === 1 ? "worklog" : "worklogs"}`}
        />
      ) : null}
    </section>
  );
}

function Exceptions({ report }: { report: CapReport }) {
  const { unclassified, unrated } = report.exceptions;
  return (
    <section className="panel" aria-labelledby="finance-exceptions-title">
      <h2 id="finance-exceptions-title">Exceptions</h2>
      <p>
        Work that could not be classified and work by people without a rate is counted, never dropped: set the
        missing policy, phases or rates to resolve it.
      </p>
      <details className="exception" open={unclassified.length > 0 && unclassified.length <= 20}>
        <summary>
          Unclassified: <strong data-count="unclassified">{unclassified.length}</strong>{" "}
          {unclassified.length === 1 ? "worklog" : "worklogs"}
        </summary>
        <LinesTable lines={unclassified} currency={report.currency} caption="Unclassified worklogs" />
      </details>
      <details className="exception" open={unrated.length > 0 && unrated.length <= 20}>
        <summary>
          Unrated: <strong data-count="unrated">{unrated.length}</strong>{" "}
          {unrated.length === 1 ? "worklog" : "worklogs"}
        </summary>
        <LinesTable lines={unrated} currency={report.currency} caption="Worklogs without a rate" />
      </details>
    </section>
  );
}

/** Builds the file on the server (POST), then downloads it with the session's cookie. */
function ExportButtons({ finance, scope }: { finance: FinanceApi; scope: ReportScope }) {
  const build = useMutation({
    mutationFn: (format: ExportFormat) => finance.createExport(scope, format),
    onSuccess: ({ url }) => {
      const link = document.createElement("a");
      link.href = url;
      link.download = "";
      document.body.append(link);
      link.click();
      link.remove();
    },
  });
  return (
    <div className="exports finance-exports">
      <button type="button" disabled={build.isPending} onClick={() => build.mutate("csv")}>
        Export CSV
      </button>
      <button type="button" disabled={build.isPending} onClick={() => build.mutate("xlsx")}>
        Export XLSX
      </button>
      {build.isPending ? <span className="muted">Building the file…</span> : null}
      {build.error ? <ErrorNotice error={build.error} /> : null}
    </div>
  );
}
