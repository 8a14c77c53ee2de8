import { devPortsFor, devRedisCommand } from "./dev-ports.ts";

/** The ports of this `sst dev` session (see dev-ports.ts). */
export const devPorts = devPortsFor(Number(process.env.FINCHAT_DEV_PORT_OFFSET || 0));

export const devRedis = $dev
  ? new sst.x.DevCommand("RedisServer", {
      dev: { title: "Redis", autostart: true, command: devRedisCommand(devPorts.redis) },
    })
  : undefined;
