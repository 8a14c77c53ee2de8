import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { restoreStage, swapCommand } from "./restore-stage.ts";

type Json = Record<string, unknown>;

/**
 * A stand-in for the AWS account: a restore job that takes two reads to complete, an ECS service
 * whose running count follows the desired count one read later, and a swap task that stops with
 * `swapExit`. It records every call and refuses what AWS would refuse.
 */
function fakeAws(options: { swapExit?: number; restoreStatus?: string } = {}) {
  const calls: string[][] = [];
  let desired = 1;
  let running = 1;
  let minCapacity = 1;
  let restoreReads = 0;
  let taskReads = 0;
  const aws = async (args: string[]): Promise<Json> => {
    calls.push(args);
    const [service, command] = args;
    const arg = (name: string) => args[args.indexOf(name) + 1] ?? "";
    switch (`${service} ${command}`) {
      case "backup start-restore-job": {
        const metadata = JSON.parse(arg("--metadata")) as Json;
        expect(metadata).toEqual({
          "file-system-id": "fs-1",
          newFileSystem: "false",
          Encrypted: "true",
          ItemsToRestore: '["/finchat.sqld"]',
        });
        return { RestoreJobId: "job-1" };
      }
      case "backup describe-restore-job":
        restoreReads++;
        return { Status: restoreReads < 2 ? "RUNNING" : (options.restoreStatus ?? "COMPLETED") };
      case "application-autoscaling register-scalable-target":
        expect(arg("--resource-id")).toBe("service/finchat-cluster/DatabaseServer");
        minCapacity = Number(arg("--min-capacity"));
        return {};
      case "ecs update-service":
        // Application Auto Scaling would put the count back up to its minimum.
        desired = Math.max(Number(arg("--desired-count")), minCapacity);
        return {};
      case "ecs describe-services": {
        const answer = { runningCount: running, pendingCount: running === desired ? 0 : 1 };
        running = desired;
        return {
          services: [
            {
              ...answer,
              taskDefinition: "arn:task-def/sqld:7",
              networkConfiguration: {
                awsvpcConfiguration: { subnets: ["subnet-a"], securityGroups: ["sg-1"] },
              },
            },
          ],
        };
      }
      case "ecs describe-task-definition":
        return { taskDefinition: { containerDefinitions: [{ name: "DatabaseServer" }] } };
      case "ecs run-task":
        // Two writers on one data directory would corrupt it: sqld must be stopped first.
        expect(running).toBe(0);
        return { tasks: [{ taskArn: "arn:task/swap" }] };
      case "ecs describe-tasks":
        taskReads++;
        return {
          tasks: [
            taskReads < 2
              ? { lastStatus: "RUNNING" }
              : { lastStatus: "STOPPED", containers: [{ exitCode: options.swapExit ?? 0 }] },
          ],
        };
      default:
        throw new Error(`unexpected aws ${args.join(" ")}`);
    }
  };
  return { aws, calls, state: () => ({ desired, running }) };
}

const options = {
  cluster: "finchat-cluster",
  service: "DatabaseServer",
  fileSystem: "fs-1",
  recoveryPoint: "arn:recovery-point/1",
  role: "arn:role/backup",
  intervalMs: 1,
};

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe("restoring a deployed stage's database", () => {
  it("restores beside the live data, stops sqld, swaps the files in a one-off task, and starts it again", async () => {
    const fake = fakeAws();
    const timings = await restoreStage(options, fake.aws, () => {});
    const order = fake.calls.map((c) => `${c[0]} ${c[1]}`).filter((c) => !c.includes("describe"));
    expect(order).toEqual([
      "backup start-restore-job",
      "application-autoscaling register-scalable-target",
      "ecs update-service",
      "ecs run-task",
      "application-autoscaling register-scalable-target",
      "ecs update-service",
    ]);
    expect(fake.state()).toEqual({ desired: 1, running: 1 });
    const run = fake.calls.find((c) => c[1] === "run-task") ?? [];
    const overrides = JSON.parse(run[run.indexOf("--overrides") + 1] ?? "{}");
    expect(overrides.containerOverrides[0].name).toBe("DatabaseServer");
    expect(overrides.containerOverrides[0].command[0]).toBe("bash");
    expect(JSON.parse(run[run.indexOf("--network-configuration") + 1] ?? "{}")).toEqual({
      awsvpcConfiguration: { subnets: ["subnet-a"], securityGroups: ["sg-1"] },
    });
    expect(Object.keys(timings)).toHaveLength(4);
  });

  it("stops before touching sqld when the restore job fails, and keeps sqld stopped when the swap fails", async () => {
    const failed = fakeAws({ restoreStatus: "FAILED" });
    await expect(restoreStage(options, failed.aws, () => {})).rejects.toThrow(/restore job job-1 FAILED/);
    expect(failed.calls.some((c) => c[1] === "update-service")).toBe(false);
    const badSwap = fakeAws({ swapExit: 1 });
    await expect(restoreStage(options, badSwap.aws, () => {})).rejects.toThrow(/swap task exited 1/);
    expect(badSwap.state().desired).toBe(0);
  });

  it("swaps in the newest restored copy and keeps the live file, failing when no copy is there", () => {
    const dir = mkdtempSync(join(tmpdir(), "finchat-swap-"));
    dirs.push(dir);
    const run = (script: string) =>
      execFileSync("bash", ["-c", script.replace("cd /var/lib/sqld", `cd ${dir}`)], { stdio: "pipe" });
    expect(() => run(swapCommand("t0"))).toThrow();
    writeFileSync(join(dir, "finchat.sqld"), "live");
    for (const [name, content] of [
      ["aws-backup-restore_2026-12-05T01", "older"],
      ["aws-backup-restore_2026-12-05T02", "newest"],
    ] as const) {
      execFileSync("mkdir", ["-p", join(dir, name)]);
      writeFileSync(join(dir, name, "finchat.sqld"), content);
    }
    run(swapCommand("t1"));
    expect(execFileSync("cat", [join(dir, "finchat.sqld")]).toString()).toBe("newest");
    expect(execFileSync("cat", [join(dir, "finchat.sqld.before-restore-t1")]).toString()).toBe("live");
  });
});
