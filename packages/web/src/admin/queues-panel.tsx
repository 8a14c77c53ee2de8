import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { unwrap } from "../api/client.ts";
import { useApi } from "../api/context.tsx";
import { ErrorNotice } from "../layout/error-notice.tsx";
import { formatAge, formatCount } from "../layout/format.ts";
import { ACTIONS_COLUMN, EmptyRow, TableHead } from "../layout/table.tsx";

const queuesKey = ["admin", "queues"] as const;

/** Queue depths, refreshed every few seconds; dead-lettered messages can be sent back. */
export function QueuesPanel() {
  const api = useApi();
  const queryClient = useQueryClient();
  const queues = useQuery({
    queryKey: queuesKey,
    queryFn: () => unwrap(api.GET("/api/admin/queues")),
    refetchInterval: 5000,
  });
  const redrive = useMutation({
    mutationFn: (name: string) =>
      unwrap(api.POST("/api/admin/queues/{name}/redrive", { params: { path: { name } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queuesKey }),
  });

  return (
    <section aria-labelledby="queues-title" className="panel">
      <h2 id="queues-title">Queues</h2>
      {queues.error ? <ErrorNotice error={queues.error} onRetry={() => queues.refetch()} /> : null}
      {redrive.error ? <ErrorNotice error={redrive.error} /> : null}
      {redrive.data ? (
        <p role="status">
          Moved {redrive.data.moved} message{redrive.data.moved === 1 ? "" : "s"} back to {redrive.variables}.
        </p>
      ) : null}
      <div className="table-scroll">
        <table className="data-table">
          <TableHead
            columns={["Queue", "Waiting", "Active", "Delayed", "Dead letters", "Oldest", ACTIONS_COLUMN]}
          />
          <tbody>
            {queues.data?.items.map((queue) => (
              <tr key={queue.name}>
                <th scope="row">{queue.name}</th>
                <td>{formatCount(queue.waiting)}</td>
                <td>{formatCount(queue.active)}</td>
                <td>{formatCount(queue.delayed)}</td>
                <td className={queue.failed > 0 ? "warn" : undefined}>{formatCount(queue.failed)}</td>
                <td>{formatAge(queue.oldestAgeSeconds)}</td>
                <td>
                  <button
                    type="button"
                    disabled={queue.failed === 0 || redrive.isPending}
                    aria-label={`Redrive ${queue.name}`}
                    onClick={() => redrive.mutate(queue.name)}
                  >
                    Redrive
                  </button>
                </td>
              </tr>
            ))}
            {queues.data?.items.length === 0 ? <EmptyRow span={7}>No queues yet.</EmptyRow> : null}
          </tbody>
        </table>
      </div>
    </section>
  );
}
