/**
 * `sst dev`: the Api, the Worker, the SPA's dev server and a Redis server run on the developer's
 * machine. SST starts each dev command with the developer's environment plus the links
 * (`SST_RESOURCE_<Name>`) and the service's `environment`, and nothing else — so the ports each
 * process listens on must come from here. `FINCHAT_DEV_PORT_OFFSET` (read at `sst dev` time on
 * the developer's machine) shifts all four, so two checkouts can run side by side.
 */

export interface DevPorts {
  api: number;
  /** The Worker's liveness server. */
  worker: number;
  web: number;
  redis: number;
}

export function devPortsFor(offset: number): DevPorts {
  if (!Number.isInteger(offset) || offset < 0 || offset > 50_000) {
    throw new Error(`FINCHAT_DEV_PORT_OFFSET must be an integer from 0 to 50000, got ${offset}`);
  }
  return { api: 3000 + offset, worker: 3001 + offset, web: 5173 + offset, redis: 6379 + offset };
}

/** Redis for `sst dev`: in memory only, with the setting production uses (never evict a job). */
export function devRedisCommand(port: number): string {
  return `redis-server --port ${port} --bind 127.0.0.1 --save "" --appendonly no --maxmemory-policy noeviction`;
}
