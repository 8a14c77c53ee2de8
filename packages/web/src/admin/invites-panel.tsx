import { useMutation } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { unwrap } from "../api/client.ts";
import { useApi } from "../api/context.tsx";
import { ErrorNotice } from "../layout/error-notice.tsx";
import { formatDate } from "../layout/format.ts";
import { CopyButton } from "../markdown/copy-button.tsx";

/** Invite someone when sign-up is by invitation: the code is shown once. */
export function InvitesPanel() {
  const api = useApi();
  const [email, setEmail] = useState("");
  const invite = useMutation({
    mutationFn: (forEmail: string) =>
      unwrap(api.POST("/api/admin/invites", { body: forEmail ? { email: forEmail } : {} })),
  });
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    invite.mutate(email.trim());
  };
  return (
    <section aria-labelledby="invites-title" className="panel">
      <h2 id="invites-title">Invites</h2>
      <form className="inline-form" onSubmit={onSubmit}>
        <label>
          Email <span className="hint">(optional)</span>
          <input type="email" value={email} onChange={(e) => setEmail(e.target.value)} />
        </label>
        <button type="submit" disabled={invite.isPending}>
          Create invite
        </button>
      </form>
      {invite.error ? <ErrorNotice error={invite.error} /> : null}
      {invite.data ? (
        <div className="new-token" role="status">
          <p>Invite code, valid until {formatDate(invite.data.expiresAt)}. It is not shown again.</p>
          <code className="token-value">{invite.data.code}</code>
          <CopyButton text={invite.data.code} label="Copy invite code" />
        </div>
      ) : null}
    </section>
  );
}
