import { type FormEvent, type KeyboardEvent, useEffect, useRef, useState } from "react";
import { Icon } from "../layout/icons.tsx";

type Props = {
  running: boolean;
  disabled: boolean;
  onSend: (content: string) => void;
  onStop: () => void;
};

/** The message box: Enter sends, Shift+Enter starts a new line; while an answer runs, Stop. */
export function Composer({ running, disabled, onSend, onStop }: Props) {
  const [text, setText] = useState("");
  const box = useRef<HTMLTextAreaElement>(null);
  // Ready to type on a new or opened conversation; not on touch screens, where it pops the keyboard up.
  useEffect(() => {
    if (matchMedia("(pointer: fine)").matches) box.current?.focus();
  }, []);
  const send = () => {
    const content = text.trim();
    if (!content || running || disabled) return;
    onSend(content);
    setText("");
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
        onChange={(e) => setText(e.target.value)}
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
