import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { ErrorNotice } from "../layout/error-notice.tsx";
import type { FinanceApi, FinanceEpic } from "./api.ts";
import { financeKeys } from "./keys.ts";
import { isIsoDate } from "./period.ts";

/** What is wrong with a pair of phase dates, or null. Empty means "not set". */
export function phasesProblem(developmentFrom: string, postImplementationFrom: string): string | null {
  if (developmentFrom && !isIsoDate(developmentFrom)) return "Development starts on a date.";
  if (postImplementationFrom && !isIsoDate(postImplementationFrom))
    return "Post-implementation starts on a date.";
  if (developmentFrom && postImplementationFrom && postImplementationFrom <= developmentFrom)
    return "Post-implementation must start after development starts.";
  return null;
}

/** Per epic of a project: the day development starts and the day post-implementation starts. */
export function PhasesEditor({ finance, projects }: { finance: FinanceApi; projects: string[] }) {
  const [project, setProject] = useState("");
  const chosen = project || projects[0] || "";
  const epics = useQuery({
    queryKey: financeKeys.epics(chosen),
    queryFn: () => finance.epics(chosen),
    enabled: chosen !== "",
  });
  return (
    <section className="panel" aria-labelledby="phases-title">
      <h2 id="phases-title">Epic phases</h2>
      <p className="muted">
        Before development starts, work is preliminary (expensed); from the day post-implementation starts, it
        is expensed again. Leave both empty while an epic is undecided: its work is listed as unclassified.
      </p>
      {projects.length === 0 ? (
        <p className="muted">Save a policy first: epics are listed per project with a policy.</p>
      ) : (
        <div className="toolbar">
          <label>
            Project
            <select value={chosen} onChange={(e) => setProject(e.target.value)}>
              {projects.map((p) => (
                <option key={p}>{p}</option>
              ))}
            </select>
          </label>
        </div>
      )}
      {epics.error ? <ErrorNotice error={epics.error} onRetry={() => epics.refetch()} /> : null}
      {epics.data?.items.length === 0 ? (
        <p className="muted">No epics synced for {chosen} yet. Press “Sync now” on the report.</p>
      ) : null}
      {epics.data && epics.data.items.length > 0 ? (
        <div className="table-scroll">
          <table className="data-table phases-table">
            <caption className="visually-hidden">Phases of {chosen}'s epics</caption>
            <thead>
              <tr>
                <th scope="col">Epic</th>
                <th scope="col">Development from</th>
                <th scope="col">Post-implementation from</th>
                <th scope="col">
                  <span className="visually-hidden">Save</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {epics.data.items.map((epic) => (
                <PhaseRow
                  key={`${epic.epicKey}:${epic.phases?.updatedAt ?? ""}`}
                  finance={finance}
                  epic={epic}
                />
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}

function PhaseRow({ finance, epic }: { finance: FinanceApi; epic: FinanceEpic }) {
  const queryClient = useQueryClient();
  const [development, setDevelopment] = useState(epic.phases?.developmentFrom ?? "");
  const [post, setPost] = useState(epic.phases?.postImplementationFrom ?? "");
  const problem = phasesProblem(development, post);
  const changed =
    development !== (epic.phases?.developmentFrom ?? "") ||
    post !== (epic.phases?.postImplementationFrom ?? "");
  const save = useMutation({
    mutationFn: () =>
      finance.savePhases(epic.epicKey, {
        developmentFrom: development || null,
        postImplementationFrom: post || null,
      }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: financeKeys.all }),
  });
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (!problem) save.mutate();
  };
  const formId = `phases-${epic.epicKey}`;
  const hintId = `${formId}-problem`;
  const name = epic.summary ? `${epic.epicKey} ${epic.summary}` : epic.epicKey;
  return (
    <tr>
      <th scope="row">
        <span className="epic-key">{epic.epicKey}</span> {epic.summary}
        {problem ? (
          <p id={hintId} className="field-error">
            {problem}
          </p>
        ) : null}
        {save.error ? <ErrorNotice error={save.error} /> : null}
      </th>
      <td>
        <input
          type="date"
          form={formId}
          aria-label={`Development from, ${name}`}
          aria-invalid={Boolean(problem)}
          aria-describedby={problem ? hintId : undefined}
          value={development}
          onChange={(e) => setDevelopment(e.target.value)}
        />
      </td>
      <td>
        <input
          type="date"
          form={formId}
          aria-label={`Post-implementation from, ${name}`}
          aria-invalid={Boolean(problem)}
          aria-describedby={problem ? hintId : undefined}
          value={post}
          onChange={(e) => setPost(e.target.value)}
        />
      </td>
      <td>
        <form id={formId} onSubmit={onSubmit}>
          <button type="submit" disabled={Boolean(problem) || !changed || save.isPending}>
            Save {epic.epicKey}
          </button>
        </form>
      </td>
    </tr>
  );
}
