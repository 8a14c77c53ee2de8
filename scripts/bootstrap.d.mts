// Types for bootstrap.mjs, which stays plain JavaScript so that Node 20 can run it before any install.

export interface SystemRequirement {
  binary: string;
  aptPackage: string;
  brewPackage: string;
  for: string[];
}

export interface Lockfile {
  packages?: Record<string, Record<string, unknown>>;
}

export type InstallPlan =
  | { kind: "none" }
  | { kind: "apt"; packages: string[] }
  | { kind: "manual"; message: string };

export const SYSTEM_REQUIREMENTS: SystemRequirement[];
export const PURPOSES: string[];
export function nodeModulesVerdict(
  lock: Lockfile,
  installed: Lockfile | null,
): { install: boolean; reason?: string };
export function missingRequirements(
  requirements: SystemRequirement[],
  purpose: string,
  isOnPath: (binary: string) => boolean,
): SystemRequirement[];
export function systemInstallPlan(
  missing: SystemRequirement[],
  host: { isRoot: boolean; hasAptGet: boolean },
): InstallPlan;
export function isOnPath(name: string, pathVariable?: string): boolean;
export function runWithProgress(
  command: string,
  args: string[],
  options?: { label?: string; everyMs?: number; log?: (line: string) => void; env?: NodeJS.ProcessEnv },
): Promise<number>;
