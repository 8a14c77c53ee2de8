import "../styles/finance.css";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useMemo, useState } from "react";
import { useApi } from "../api/context.tsx";
import { ErrorNotice } from "../layout/error-notice.tsx";
import { formatDate } from "../layout/format.ts";
import { LabelledSelect } from "../layout/labelled-select.tsx";
import { type FinanceApi, financeApi, type ReportScope } from "./api.ts";
import { AuditList } from "./audit-list.tsx";
import { financeKeys } from "./keys.ts";
import { convertPeriod, type Period, periodRange, quarterOf } from "./period.ts";
import { PhasesEditor } from "./phases-editor.tsx";
import { PolicyEditor } from "./policy-editor.tsx";
import { PeopleEditor, RatesEditor } from "./rates-editor.tsx";
import { ReportView } from "./report-view.tsx";

type Tab = "report" | "policy" | "rates" | "audit";
const tabs: { id: Tab; label: string }[] = [
  { id: "report", label: "Report" },
  { id: "policy", label: "Policy and phases" },
  { id: "rates", label: "Rates and roles" },
  { id: "audit", label: "Changes" },
];

/**
 * For finance (the admin role): the period's capitalisable and expensed engineering cost from Jira
 * worklogs, and the policy, phases and rates that decide it. Every tab stays mounted (hidden when
 * not shown), so what was typed in one survives a look at another.
 */
export function FinancePage() {
  const api = useApi();
  const finance = useMemo(() => financeApi(api), [api]);
  const [tab, setTab] = useState<Tab>("report");
  const policies = useQuery({ queryKey: financeKeys.policies, queryFn: () => finance.policies() });
  const rates = useQuery({ queryKey: financeKeys.rates, queryFn: () => finance.rates() });
  const people = useQuery({ queryKey: financeKeys.people, queryFn: () => finance.people() });
  const policyList = policies.data?.items ?? [];
  const projects = policyList.map((p) => p.projectKey);

  return (
    <section className="page finance" aria-labelledby="finance-title">
      <div className="panel-header">
        <h1 id="finance-title">Finance</h1>
        <SyncBar finance={finance} />
      </div>
      <div role="tablist" aria-label="Finance" className="tabs">
        {tabs.map((t) => (
          <button
            key={t.id}
            type="button"
            role="tab"
            id={`finance-tab-${t.id}`}
            aria-selected={tab === t.id}
            aria-controls={`finance-panel-${t.id}`}
            tabIndex={tab === t.id ? 0 : -1}
            onClick={() => setTab(t.id)}
            onKeyDown={(event) => {
              // Arrow keys move between tabs (the tab list is one stop for Tab).
              const step = event.key === "ArrowRight" ? 1 : event.key === "ArrowLeft" ? -1 : 0;
              if (!step) return;
              const next = tabs[(tabs.findIndex((x) => x.id === t.id) + step + tabs.length) % tabs.length];
              if (!next) return;
              setTab(next.id);
              document.getElementById(`finance-tab-${next.id}`)?.focus();
            }}
          >
            {t.label}
          </button>
        ))}
      </div>
      {policies.error ? <ErrorNotice error={policies.error} onRetry={() => policies.refetch()} /> : null}
      <div
        role="tabpanel"
        id="finance-panel-report"
        aria-labelledby="finance-tab-report"
        hidden={tab !== "report"}
      >
        {policies.data ? <ReportTab finance={finance} projects={projects} /> : null}
      </div>
      <div
        role="tabpanel"
        id="finance-panel-policy"
        aria-labelledby="finance-tab-policy"
        hidden={tab !== "policy"}
      >
        {policies.data ? (
          <>
            <PolicyEditor finance={finance} policies={policyList} />
            <PhasesEditor finance={finance} projects={projects} />
          </>
        ) : null}
      </div>
      <div
        role="tabpanel"
        id="finance-panel-rates"
        aria-labelledby="finance-tab-rates"
        hidden={tab !== "rates"}
      >
        {rates.error ? <ErrorNotice error={rates.error} onRetry={() => rates.refetch()} /> : null}
        {people.error ? <ErrorNotice error={people.error} onRetry={() => people.refetch()} /> : null}
        {rates.data && people.data ? (
          <>
            <RatesEditor
              finance={finance}
              rates={rates.data.items}
              people={people.data.items}
              currency={policyList[0]?.currency ?? "EUR"}
            />
            <PeopleEditor finance={finance} people={people.data.items} />
          </>
        ) : null}
      </div>
      <div
        role="tabpanel"
        id="finance-panel-audit"
        aria-labelledby="finance-tab-audit"
        hidden={tab !== "audit"}
      >
        {tab === "audit" ? <AuditList finance={finance} /> : null}
      </div>
    </section>
  );
}

function ReportTab({ finance, projects }: { finance: FinanceApi; projects: string[] }) {
  const [period, setPeriod] = useState<Period>(() => quarterOf(new Date()));
  const [chosen, setChosen] = useState<string[]>([]);
  const range = periodRange(period);
  const picked = chosen.filter((p) => projects.includes(p));
  const scope: ReportScope | null = "error" in range ? null : { ...range, projects: picked };
  return (
    <>
      <PeriodPicker period={period} onChange={setPeriod} />
      {"error" in range ? (
        <p className="field-error" role="alert">
          {range.error}
        </p>
      ) : null}
      {projects.length === 0 ? (
        <p className="setup-notice">
          No project has a capitalisation policy yet. Set one under “Policy and phases”: until then every
          worklog is unclassified.
        </p>
      ) : (
        <fieldset className="source-choice project-choice">
          <legend>Projects</legend>
          {projects.map((project) => (
            <label key={project}>
              <input
                type="checkbox"
                checked={picked.includes(project)}
                onChange={(e) =>
                  setChosen(e.target.checked ? [...picked, project] : picked.filter((p) => p !== project))
                }
              />
              {project}
            </label>
          ))}
          <span className="muted">
            {picked.length === 0 ? "none ticked: every project with a policy" : ""}
          </span>
        </fieldset>
      )}
      {scope && projects.length > 0 ? <ReportView finance={finance} scope={scope} /> : null}
    </>
  );
}

const monthNames = Array.from({ length: 12 }, (_, i) =>
  new Date(Date.UTC(2000, i, 1)).toLocaleString(undefined, { month: "long", timeZone: "UTC" }),
);

function PeriodPicker({ period, onChange }: { period: Period; onChange: (period: Period) => void }) {
  const thisYear = new Date().getUTCFullYear();
  const year = period.kind === "custom" ? thisYear : period.year;
  const years = Array.from(new Set([...Array.from({ length: 6 }, (_, i) => thisYear - 4 + i), year])).sort();
  return (
    <div className="toolbar period-picker">
      <LabelledSelect
        label="Period"
        value={period.kind}
        onChange={(value) => onChange(convertPeriod(period, value as Period["kind"]))}
      >
        <option value="month">Month</option>
        <option value="quarter">Quarter</option>
        <option value="custom">Custom</option>
      </LabelledSelect>
      {period.kind !== "custom" ? (
        <LabelledSelect
          label="Year"
          value={period.year}
          onChange={(value) => onChange({ ...period, year: Number(value) })}
        >
          {years.map((y) => (
            <option key={y}>{y}</option>
          ))}
        </LabelledSelect>
      ) : null}
      {period.kind === "quarter" ? (
        <LabelledSelect
          label="Quarter"
          value={period.quarter}
          onChange={(value) => onChange({ ...period, quarter: Number(value) })}
        >
          {[1, 2, 3, 4].map((q) => (
            <option key={q} value={q}>
              Q{q}
            </option>
          ))}
        </LabelledSelect>
      ) : null}
      {period.kind === "month" ? (
        <LabelledSelect
          label="Month"
          value={period.month}
          onChange={(value) => onChange({ ...period, month: Number(value) })}
        >
          {monthNames.map((name, i) => (
            <option key={name} value={i + 1}>
              {name}
            </option>
          ))}
        </LabelledSelect>
      ) : null}
      {period.kind === "custom" ? (
        <>
          <label>
            From
            <input
              type="date"
              value={period.from}
              onChange={(e) => onChange({ ...period, from: e.target.value })}
            />
          </label>
          <label>
            To
            <input
              type="date"
              value={period.to}
              onChange={(e) => onChange({ ...period, to: e.target.value })}
            />
          </label>
        </>
      ) : null}
    </div>
  );
}

/** When the worklogs were last synced from Jira, and a button that queues a sync now. */
function SyncBar({ finance }: { finance: FinanceApi }) {
  const queryClient = useQueryClient();
  // The sync time seen when "Sync now" was pressed, and when; null while no sync is awaited.
  const [waiting, setWaiting] = useState<{ since: string | null; at: number } | null>(null);
  const [slow, setSlow] = useState(false);
  const status = useQuery({
    queryKey: financeKeys.sync,
    queryFn: () => finance.sync(),
    // While a sync is queued, look every 2 s until its finish shows.
    refetchInterval: (query) => (waiting && query.state.data?.syncedAt === waiting.since ? 2000 : false),
  });
  const syncedAt = status.data?.syncedAt ?? null;
  const finished = waiting !== null && status.data !== undefined && syncedAt !== waiting.since;
  useEffect(() => {
    if (!finished) return;
    setWaiting(null);
    setSlow(false);
    // New worklogs: the report, epics and people are read again.
    void queryClient.invalidateQueries({
      queryKey: financeKeys.all,
      predicate: (q) => q.queryKey[1] !== "sync",
    });
  }, [finished, queryClient]);
  useEffect(() => {
    if (!waiting) return;
    // A sync that has not finished in two minutes is told, not waited on silently.
    const timer = setTimeout(() => setSlow(true), 120_000 - (Date.now() - waiting.at));
    return () => clearTimeout(timer);
  }, [waiting]);
  const start = useMutation({
    mutationFn: () => finance.startSync(),
    onSuccess: () => {
      setSlow(false);
      setWaiting({ since: syncedAt, at: Date.now() });
    },
  });
  const running = waiting !== null;
  return (
    <div className="sync-bar">
      <span className="muted" role="status">
        {slow
          ? "The sync has not finished after two minutes: an administrator looks at the worklog-sync queue under Admin."
          : running
            ? "Syncing worklogs from Jira…"
            : syncedAt
              ? `Worklogs synced ${formatDate(syncedAt)} (${status.data?.worklogs ?? 0} worklogs, ${status.data?.issues ?? 0} issues)`
              : status.data
                ? "Worklogs never synced"
                : ""}
      </span>
      <button type="button" disabled={start.isPending || (running && !slow)} onClick={() => start.mutate()}>
        Sync now
      </button>
      {start.error ? <ErrorNotice error={start.error} /> : null}
      {status.error ? <ErrorNotice error={status.error} onRetry={() => status.refetch()} /> : null}
    </div>
  );
}
