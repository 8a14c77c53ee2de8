import { type FormEvent, useState } from "react";
import type { Schemas } from "../api/client.ts";
import { explainError } from "../api/plain-errors.ts";
import { Icon } from "../layout/icons.tsx";
import { Link, navigate } from "../router.tsx";
import { useDeleteConversation, useRenameConversation } from "./use-conversations.ts";

type Props = { conversation: Schemas["Conversation"]; active: boolean; onNavigate: () => void };

/** One conversation in the sidebar: a link, and rename and delete (which asks first). */
export function ConversationItem({ conversation, active, onNavigate }: Props) {
  const [mode, setMode] = useState<"view" | "rename" | "confirmDelete">("view");
  const [title, setTitle] = useState(conversation.title);
  const rename = useRenameConversation();
  const remove = useDeleteConversation();
  const error = rename.error ?? remove.error;

  const saveTitle = (event: FormEvent) => {
    event.preventDefault();
    const trimmed = title.trim();
    if (!trimmed || trimmed === conversation.title) return setMode("view");
    rename.mutate({ id: conversation.id, title: trimmed }, { onSuccess: () => setMode("view") });
  };
  const confirmDelete = () =>
    remove.mutate(conversation.id, {
      onSuccess: () => {
        if (active) navigate("/", { replace: true });
      },
    });

  if (mode === "rename") {
    return (
      <li className="conversation-item editing">
        <form onSubmit={saveTitle}>
          <label htmlFor={`rename-${conversation.id}`} className="visually-hidden">
            New title
          </label>
          <input
            id={`rename-${conversation.id}`}
            // biome-ignore lint/a11y/noAutofocus: the person just asked to edit this title
            autoFocus
            value={title}
            maxLength={200}
            onChange={(e) => setTitle(e.target.value)}
            onKeyDown={(e) => e.key === "Escape" && setMode("view")}
          />
          <button type="submit" disabled={rename.isPending}>
            Save
          </button>
          <button type="button" onClick={() => setMode("view")}>
            Cancel
          </button>
        </form>
        {error ? <p className="error-inline">{explainError(error).title}</p> : null}
      </li>
    );
  }
  return (
    <li className={`conversation-item${active ? " active" : ""}`}>
      <Link to={`/c/${conversation.id}`} aria-current={active ? "page" : undefined} onClick={onNavigate}>
        {conversation.title}
      </Link>
      {mode === "confirmDelete" ? (
        <fieldset className="confirm">
          <legend className="visually-hidden">{`Delete “${conversation.title}”?`}</legend>
          <button type="button" className="danger" onClick={confirmDelete} disabled={remove.isPending}>
            Delete
          </button>
          <button type="button" onClick={() => setMode("view")}>
            Keep
          </button>
        </fieldset>
      ) : (
        <span className="item-actions">
          <button
            type="button"
            className="icon"
            aria-label={`Rename “${conversation.title}”`}
            onClick={() => {
              setTitle(conversation.title);
              setMode("rename");
            }}
          >
            <Icon name="pencil" />
          </button>
          <button
            type="button"
            className="icon"
            aria-label={`Delete “${conversation.title}”`}
            onClick={() => setMode("confirmDelete")}
          >
            <Icon name="trash" />
          </button>
        </span>
      )}
      {error ? <p className="error-inline">{explainError(error).title}</p> : null}
    </li>
  );
}
