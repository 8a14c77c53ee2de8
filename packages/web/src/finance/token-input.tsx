import { type KeyboardEvent, useId, useState } from "react";

/** Splits typed text into tokens at commas, spaces and new lines, dropping empties and repeats. */
export function splitTokens(text: string, existing: readonly string[] = []): string[] {
  const out = [...existing];
  for (const token of text.split(/[,\s]+/)) {
    const trimmed = token.trim();
    if (trimmed && !out.includes(trimmed)) out.push(trimmed);
  }
  return out;
}

/**
 * A list of short values (epic keys, labels, ...) edited as chips: Enter, a comma or leaving the
 * field adds what was typed (so nothing typed is lost), × removes one, Backspace on an empty field
 * removes the last.
 */
export function TokenInput({
  label,
  value,
  onChange,
  placeholder,
  normalise = (token) => token,
}: {
  label: string;
  value: readonly string[];
  onChange: (next: string[]) => void;
  placeholder?: string;
  normalise?: (token: string) => string;
}) {
  const id = useId();
  const [draft, setDraft] = useState("");
  const commit = () => {
    if (!draft.trim()) return;
    onChange(splitTokens(normalise(draft), value));
    setDraft("");
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === "Enter" || event.key === ",") {
      event.preventDefault();
      commit();
    } else if (event.key === "Backspace" && draft === "" && value.length > 0) {
      onChange(value.slice(0, -1));
    }
  };
  return (
    <div className="token-input">
      <label htmlFor={id}>{label}</label>
      <div className="token-box">
        <ul className="token-list" aria-label={`${label}: ${value.length} chosen`}>
          {value.map((token) => (
            <li key={token} className="token">
              {token}
              <button
                type="button"
                className="token-remove"
                aria-label={`Remove ${token} from ${label}`}
                onClick={() => onChange(value.filter((t) => t !== token))}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
        <input
          id={id}
          value={draft}
          placeholder={placeholder}
          onChange={(e) => setDraft(e.target.value)}
          onKeyDown={onKeyDown}
          onBlur={commit}
        />
      </div>
    </div>
  );
}
