// `node scripts/restore-stage.ts --cluster <name> --service <sqld service> --file-system <fs-id>
//   --recovery-point <arn> --role <backup role arn> [--execute]`: puts an AWS Backup recovery point
// of a deployed stage's database into service (docs/operations.md, "Recovering a deployed stage",
// steps 2-5) with the AWS CLI, timing each step. Without --execute it only prints the commands.
import { execFile } from "node:child_process";
import { parseArgs } from "node:util";

type Json = Record<string, unknown>;
type Aws = (args: string[]) => Promise<Json>;

const usage = `usage: node scripts/restore-stage.ts --cluster <cluster> --service <sqld service>
    --file-system <fs-id> --recovery-point <arn> --role <backup role arn> [--execute]`;

/** Runs `aws <args> --output json`, resolving its parsed output. */
function cli(args: string[]): Promise<Json> {
  return new Promise((resolve, reject) => {
    execFile("aws", [...args, "--output", "json"], { maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`aws ${args.slice(0, 2).join(" ")} failed: ${stderr || err.message}`));
      else resolve(stdout.trim() ? (JSON.parse(stdout) as Json) : {});
    });
  });
}

async function poll<T>(
  what: string,
  read: () => Promise<T>,
  done: (value: T) => boolean,
  intervalMs: number,
) {
  const deadline = Date.now() + 60 * 60_000;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

export interface RestoreOptions {
  cluster: string;
  service: string;
  fileSystem: string;
  recoveryPoint: string;
  role: string;
  /** Between status reads, in ms (tests use a few). */
  intervalMs?: number;
}

/** The shell command the one-off task runs: the restored file replaces the live one, which is kept. */
export function swapCommand(stamp: string): string {
  return [
    "set -e",
    "cd /var/lib/sqld",
    'restored="$(ls -d aws-backup-restore_* | sort | tail -n 1)/finchat.sqld"',
    'test -e "$restored"',
    `mv finchat.sqld finchat.sqld.before-restore-${stamp}`,
    'mv "$restored" finchat.sqld',
  ].join("; ");
}

/** Runs the restore; returns each step's duration in seconds. */
export async function restoreStage(options: RestoreOptions, aws: Aws, log: (line: string) => void) {
  const interval = options.intervalMs ?? 10_000;
  const timings: Record<string, number> = {};
  const step = async <T>(name: string, run: () => Promise<T>) => {
    const started = Date.now();
    log(`… ${name}`);
    const result = await run();
    timings[name] = (Date.now() - started) / 1000;
    log(`✓ ${name} (${timings[name].toFixed(1)} s)`);
    return result;
  };
  const describeService = async () => {
    const out = await aws([
      "ecs",
      "describe-services",
      "--cluster",
      options.cluster,
      "--services",
      options.service,
    ]);
    const [service] = (out.services as Json[] | undefined) ?? [];
    if (!service) throw new Error(`no service ${options.service} in ${options.cluster}`);
    return service;
  };
  const scale = (count: number) => async () => {
    await aws([
      "application-autoscaling",
      "register-scalable-target",
      "--service-namespace",
      "ecs",
      "--scalable-dimension",
      "ecs:service:DesiredCount",
      "--resource-id",
      `service/${options.cluster}/${options.service}`,
      "--min-capacity",
      String(count),
      "--max-capacity",
      String(count),
    ]);
    await aws([
      "ecs",
      "update-service",
      "--cluster",
      options.cluster,
      "--service",
      options.service,
      "--desired-count",
      String(count),
    ]);
    await poll(
      `${count} running sqld task(s)`,
      describeService,
      (s) => s.runningCount === count && (count === 0 || s.pendingCount === 0),
      interval,
    );
  };

  await step("restore the recovery point beside the live data", async () => {
    const metadata = JSON.stringify({
      "file-system-id": options.fileSystem,
      newFileSystem: "false",
      Encrypted: "true",
      ItemsToRestore: JSON.stringify(["/finchat.sqld"]),
    });
    const started = await aws([
      "backup",
      "start-restore-job",
      "--recovery-point-arn",
      options.recoveryPoint,
      "--iam-role-arn",
      options.role,
      "--metadata",
      metadata,
    ]);
    const id = String(started.RestoreJobId ?? "");
    if (!id) throw new Error("AWS Backup returned no restore job id");
    const job = await poll(
      "the restore job",
      () => aws(["backup", "describe-restore-job", "--restore-job-id", id]),
      (j) => ["COMPLETED", "FAILED", "ABORTED"].includes(String(j.Status)),
      interval,
    );
    if (job.Status !== "COMPLETED")
      throw new Error(`restore job ${id} ${job.Status}: ${job.StatusMessage ?? ""}`);
  });
  const service = await describeService();
  await step("stop sqld", scale(0));
  await step("swap in the restored database", async () => {
    const taskDefinition = String(service.taskDefinition);
    const definition = await aws(["ecs", "describe-task-definition", "--task-definition", taskDefinition]);
    const container = ((definition.taskDefinition as Json).containerDefinitions as Json[])[0]?.name;
    const network = service.networkConfiguration as Json;
    const stamp = new Date().toISOString().replace(/[:.]/g, "-");
    const run = await aws([
      "ecs",
      "run-task",
      "--cluster",
      options.cluster,
      "--task-definition",
      taskDefinition,
      "--launch-type",
      "FARGATE",
      "--network-configuration",
      JSON.stringify(network),
      "--overrides",
      JSON.stringify({
        containerOverrides: [{ name: container, command: ["bash", "-c", swapCommand(stamp)] }],
      }),
    ]);
    const taskArn = String(((run.tasks as Json[] | undefined) ?? [])[0]?.taskArn ?? "");
    if (!taskArn) throw new Error(`the swap task did not start: ${JSON.stringify(run.failures ?? run)}`);
    const stopped = await poll(
      "the swap task",
      async () =>
        (
          (await aws(["ecs", "describe-tasks", "--cluster", options.cluster, "--tasks", taskArn]))
            .tasks as Json[]
        )[0] ?? {},
      (t) => t.lastStatus === "STOPPED",
      interval,
    );
    const exit = ((stopped.containers as Json[] | undefined) ?? [])[0]?.exitCode;
    if (exit !== 0)
      throw new Error(`the swap task exited ${String(exit)}: the live database is unchanged or kept`);
  });
  await step("start sqld", scale(1));
  return timings;
}

if (import.meta.main) {
  const { values } = parseArgs({
    options: {
      cluster: { type: "string" },
      service: { type: "string" },
      "file-system": { type: "string" },
      "recovery-point": { type: "string" },
      role: { type: "string" },
      execute: { type: "boolean", default: false },
    },
  });
  const { cluster, service, role } = values;
  const fileSystem = values["file-system"];
  const recoveryPoint = values["recovery-point"];
  if (!cluster || !service || !fileSystem || !recoveryPoint || !role) {
    console.error(usage);
    process.exit(2);
  }
  // Dry run: print every command, answering as AWS would when everything succeeds at once.
  let desired = 1;
  const printOnly: Aws = async (args) => {
    console.log(`  aws ${args.map((a) => (/[\s"'{}]/.test(a) ? `'${a}'` : a)).join(" ")}`);
    const [service, command] = args;
    if (command === "update-service") desired = Number(args[args.indexOf("--desired-count") + 1]);
    if (service === "backup" && command === "start-restore-job") return { RestoreJobId: "<restore job>" };
    if (command === "describe-restore-job") return { Status: "COMPLETED" };
    if (command === "describe-services") {
      return {
        services: [
          {
            runningCount: desired,
            pendingCount: 0,
            taskDefinition: "<sqld task definition>",
            networkConfiguration: "<network>",
          },
        ],
      };
    }
    if (command === "describe-task-definition")
      return { taskDefinition: { containerDefinitions: [{ name: "<container>" }] } };
    if (command === "run-task") return { tasks: [{ taskArn: "<swap task>" }] };
    if (command === "describe-tasks")
      return { tasks: [{ lastStatus: "STOPPED", containers: [{ exitCode: 0 }] }] };
    return {};
  };
  try {
    const timings = await restoreStage(
      { cluster, service, fileSystem, recoveryPoint, role },
      values.execute ? cli : printOnly,
      (line) => console.log(line),
    );
    const total = Object.values(timings).reduce((a, b) => a + b, 0);
    console.log(
      values.execute
        ? `database restored in ${total.toFixed(0)} s; now run the smoke test (docs/operations.md)`
        : "dry run: nothing was changed; add --execute to run these commands",
    );
  } catch (err) {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(1);
  }
}
