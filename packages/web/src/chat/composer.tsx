import { type FormEvent, type KeyboardEvent, useEffect, useRef, useState } from "react";
import { Icon } from "../layout/icons.tsx";
import { loadDraft, saveDraft } from "./drafts.ts";

type Props = {
  running: boolean;
  disabled: boolean;
  /** Resolves once the question is stored; a rejection puts the text back in the box. */
  onSend: (content: string) => Promise<unknown>;
  onStop: () => void;
  /** Whose draft of which conversation the box keeps (see drafts.ts). */
  draft: { userId: string; conversationId: string | null };
};

/** The message box: Enter sends, Shift+Enter starts a new line; while an answer runs, Stop. */
export function Composer({ running, disabled, onSend, onStop, draft }: Props) {
  const { userId, conversationId } = draft;
  const [text, setText] = useState(() => loadDraft(userId, conversationId));
  const box = useRef<HTMLTextAreaElement>(null);
  // Ready to type on a new or opened conversation; not on touch screens, where it pops the keyboard up.
  useEffect(() => {
    if (matchMedia("(pointer: fine)").matches) box.current?.focus();
  }, []);
  const send = () => {
    const content = text.trim();
    if (!content || running || disabled) return;
    setText("");
    // The stored draft goes only once the question is stored: a send refused for an ended session
    // finds it again after signing in.
    onSend(content).then(
      () => saveDraft(userId, conversationId, ""),
      () => setText((typed) => typed || content),
    );
  };
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === "Enter" && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      send();
    }
  };
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    send();
  };
  return (
    <form className="composer" onSubmit={onSubmit}>
      <label htmlFor="composer-input" className="visually-hidden">
        Message
      </label>
      <textarea
        id="composer-input"
        ref={box}
        rows={2}
        placeholder="Ask about your code, your Jira projects, or the numbers…"
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          saveDraft(userId, conversationId, e.target.value);
        }}
        onKeyDown={onKeyDown}
        aria-describedby="composer-hint"
      />
      <span id="composer-hint" className="visually-hidden">
        Enter sends; Shift+Enter starts a new line.
      </span>
      {running ? (
        <button type="button" className="stop" onClick={onStop}>
          <Icon name="stop" /> Stop
        </button>
      ) : (
        <button type="submit" className="primary" disabled={disabled || !text.trim()}>
          <Icon name="send" /> Send
        </button>
      )}
    </form>
  );
}
