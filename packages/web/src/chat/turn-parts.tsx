import { type FormEvent, useState } from "react";
import { explainRunFailure } from "../api/plain-errors.ts";
import { ErrorNotice } from "../layout/error-notice.tsx";
import { Icon } from "../layout/icons.tsx";
import type { StoredRun, Versions } from "./branches.ts";

type SwitchProps = { what: "question" | "answer"; versions: Versions; onSwitch: (id: string) => void };

/** "‹ 2 / 3 ›": which of a question's edits, or of an answer's regenerations, is shown. */
export function VersionSwitch({ what, versions, onSwitch }: SwitchProps) {
  const { index, count, previous, next } = versions;
  if (count < 2) return null;
  return (
    <fieldset className="versions" aria-label={`${what === "question" ? "Question" : "Answer"} versions`}>
      <button
        type="button"
        className="icon"
        aria-label={`Previous ${what}`}
        disabled={!previous}
        onClick={() => previous && onSwitch(previous)}
      >
        ‹
      </button>
      <span className="versions-count">
        {index + 1} / {count}
      </span>
      <button
        type="button"
        className="icon"
        aria-label={`Next ${what}`}
        disabled={!next}
        onClick={() => next && onSwitch(next)}
      >
        ›
      </button>
    </fieldset>
  );
}

type QuestionProps = {
  content: string;
  versions: Versions | undefined;
  busy: boolean;
  onSwitch: (id: string) => void;
  /** Sends the edited question as a new version (a branch from the same place). */
  onEdit: (content: string) => Promise<unknown>;
};

/** A question, with its versions and an Edit that sends a changed copy as a new branch. */
export function Question({ content, versions, busy, onSwitch, onEdit }: QuestionProps) {
  const [editing, setEditing] = useState<string | null>(null);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const changed = editing?.trim();
    if (!changed || busy) return;
    onEdit(changed).then(
      () => setEditing(null),
      () => undefined,
    );
  };
  if (editing !== null) {
    return (
      <form className="message user editing" aria-label="Edit your question" onSubmit={submit}>
        <label className="visually-hidden" htmlFor="edit-question">
          Edited question
        </label>
        <textarea
          id="edit-question"
          className="edit-question"
          rows={3}
          value={editing}
          onChange={(e) => setEditing(e.target.value)}
        />
        <div className="edit-actions">
          <button type="button" onClick={() => setEditing(null)}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={busy || !editing.trim()}>
            Send edited question
          </button>
        </div>
      </form>
    );
  }
  return (
    <article className="message user" aria-label="You said">
      <p className="message-text">{content}</p>
      <div className="question-actions">
        {versions ? <VersionSwitch what="question" versions={versions} onSwitch={onSwitch} /> : null}
        <button
          type="button"
          className="icon"
          aria-label="Edit question"
          title="Edit and send again"
          disabled={busy}
          onClick={() => setEditing(content)}
        >
          <Icon name="pencil" />
        </button>
      </div>
    </article>
  );
}

type EndProps = {
  run: StoredRun;
  versions: Versions;
  busy: boolean;
  onSwitch: (runId: string) => void;
  onRegenerate: () => void;
};

/** Below an answer: how its run ended when it did not complete, its versions, Regenerate. */
export function TurnEnd({ run, versions, busy, onSwitch, onRegenerate }: EndProps) {
  return (
    <div className="turn-end" data-run-id={run.id} data-status={run.status}>
      {run.status === "cancelled" ? <p className="turn-stopped">Stopped</p> : null}
      {run.status === "failed" && run.error ? (
        <ErrorNotice plain={explainRunFailure(run.error.code, run.error.message)} />
      ) : null}
      <div className="answer-actions">
        <VersionSwitch what="answer" versions={versions} onSwitch={onSwitch} />
        <button type="button" className="regenerate" disabled={busy} onClick={onRegenerate}>
          <Icon name="retry" /> Regenerate
        </button>
      </div>
    </div>
  );
}
