import { CopyButton } from "../markdown/copy-button.tsx";
import { MarkdownText } from "../markdown/markdown.tsx";
import { Citations } from "./citations.tsx";
import type { Citation } from "./run-state.ts";

export function UserMessage({ content }: { content: string }) {
  return (
    <article className="message user" aria-label="You said">
      <p className="message-text">{content}</p>
    </article>
  );
}

type AnswerProps = { content: string; citations: readonly Citation[]; streaming?: boolean };

/** An answer: Markdown, its sources, and a copy button once it is complete. */
export function AssistantMessage({ content, citations, streaming = false }: AnswerProps) {
  return (
    <article className="message assistant" aria-label="Finchat answered" aria-busy={streaming}>
      <MarkdownText streaming={streaming}>{content}</MarkdownText>
      {streaming ? <span className="cursor" aria-hidden="true" /> : null}
      <Citations citations={citations} />
      {!streaming && content ? (
        <div className="message-actions">
          <CopyButton text={content} label="Copy answer" />
        </div>
      ) : null}
    </article>
  );
}
