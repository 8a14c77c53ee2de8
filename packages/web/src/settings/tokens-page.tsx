import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { unwrap } from "../api/client.ts";
import { useApi } from "../api/context.tsx";
import { ErrorNotice } from "../layout/error-notice.tsx";
import { formatDate } from "../layout/format.ts";
import { ACTIONS_COLUMN, EmptyRow, TableHead } from "../layout/table.tsx";
import { CopyButton } from "../markdown/copy-button.tsx";

const tokensKey = ["tokens"] as const;
type Scope = "read" | "full";
const scopeLabels: Record<Scope, string> = { read: "Read only", full: "Read and write" };

/** Personal API tokens: create one (shown once), see when each was last used, revoke. */
export function TokensPage() {
  const api = useApi();
  const queryClient = useQueryClient();
  const [name, setName] = useState("");
  const [scope, setScope] = useState<Scope>("read");
  const tokens = useQuery({ queryKey: tokensKey, queryFn: () => unwrap(api.GET("/api/tokens")) });
  const create = useMutation({
    mutationFn: (tokenName: string) => unwrap(api.POST("/api/tokens", { body: { name: tokenName, scope } })),
    onSuccess: () => {
      setName("");
      return queryClient.invalidateQueries({ queryKey: tokensKey });
    },
  });
  const revoke = useMutation({
    mutationFn: (id: string) => unwrap(api.DELETE("/api/tokens/{id}", { params: { path: { id } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: tokensKey }),
  });
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (name.trim()) create.mutate(name.trim());
  };

  return (
    <section className="page" aria-labelledby="tokens-title">
      <h1 id="tokens-title">API tokens</h1>
      <p>
        Scripts call the Api with <code>Authorization: Bearer &lt;token&gt;</code>. A token acts as you;
        revoke the ones you no longer use. A read-only token can look but not change anything; no token can
        create or revoke tokens.
      </p>
      <form className="inline-form" onSubmit={onSubmit}>
        <label>
          Token name
          <input value={name} maxLength={100} required onChange={(e) => setName(e.target.value)} />
        </label>
        <label>
          Access
          <select value={scope} onChange={(e) => setScope(e.target.value as Scope)}>
            <option value="read">{scopeLabels.read}</option>
            <option value="full">{scopeLabels.full}</option>
          </select>
        </label>
        <button type="submit" className="primary" disabled={create.isPending}>
          Create token
        </button>
      </form>
      {create.error ? <ErrorNotice error={create.error} /> : null}
      {create.data ? (
        <div className="new-token" role="status">
          <p>
            Your new token <strong>{create.data.name}</strong>. Copy it now: it is not shown again.
          </p>
          <code className="token-value">{create.data.token}</code>
          <CopyButton text={create.data.token} label="Copy token" />
        </div>
      ) : null}
      {tokens.error ? <ErrorNotice error={tokens.error} onRetry={() => tokens.refetch()} /> : null}
      <table className="data-table">
        <caption className="visually-hidden">Your tokens</caption>
        <TableHead columns={["Name", "Access", "Created", "Last used", ACTIONS_COLUMN]} />
        <tbody>
          {tokens.data?.items.map((token) => (
            <tr key={token.id}>
              <td>{token.name}</td>
              <td>{scopeLabels[token.scope]}</td>
              <td>{formatDate(token.createdAt)}</td>
              <td>{token.lastUsedAt ? formatDate(token.lastUsedAt) : "never"}</td>
              <td>
                <button
                  type="button"
                  className="danger"
                  aria-label={`Revoke ${token.name}`}
                  disabled={revoke.isPending}
                  onClick={() => revoke.mutate(token.id)}
                >
                  Revoke
                </button>
              </td>
            </tr>
          ))}
          {tokens.data?.items.length === 0 ? <EmptyRow span={5}>No tokens yet.</EmptyRow> : null}
        </tbody>
      </table>
    </section>
  );
}
