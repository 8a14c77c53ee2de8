import { explainError, type PlainError } from "../api/plain-errors.ts";

/** A failure in plain words, with what to do next. */
export function ErrorNotice({
  error,
  plain,
  onRetry,
}: {
  error?: unknown;
  plain?: PlainError;
  onRetry?: () => void;
}) {
  const explained = plain ?? explainError(error);
  return (
    <div className="error-notice" role="alert" data-code={explained.code}>
      <p className="error-title">{explained.title}</p>
      {explained.detail ? <p>{explained.detail}</p> : null}
      {explained.action ? <p className="error-action">{explained.action}</p> : null}
      {onRetry ? (
        <button type="button" onClick={onRetry}>
          Retry
        </button>
      ) : null}
    </div>
  );
}
