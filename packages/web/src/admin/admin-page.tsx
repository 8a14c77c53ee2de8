import { InvitesPanel } from "./invites-panel.tsx";
import { QueuesPanel } from "./queues-panel.tsx";
import { UsagePanel } from "./usage-panel.tsx";

/** For administrators: the job queues (with dead letters and redrive), usage and cost, invites. */
export function AdminPage() {
  return (
    <section className="page admin" aria-labelledby="admin-title">
      <h1 id="admin-title">Administration</h1>
      <QueuesPanel />
      <UsagePanel />
      <InvitesPanel />
    </section>
  );
}
