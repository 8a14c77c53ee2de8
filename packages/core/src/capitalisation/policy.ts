import type { Client, Row, Transaction } from "@libsql/client";
import { z } from "zod";
import { nowIso } from "../db/timestamps.ts";
import { writeTransaction } from "../db/write-transaction.ts";
import { AppError } from "../errors.ts";
import { newId } from "../ids.ts";
import { type CapPolicy, type CapRules, type CostRate, type EpicPhases, emptyRules } from "./types.ts";
import {
  capRulesSchema,
  currencySchema,
  hourlyRateSchema,
  isoDateSchema,
  issueKeySchema,
  parseInput,
} from "./validation.ts";

/**
 * The capitalisation policy store: policies per project, phase dates per epic, cost rates and
 * people's roles. Every change writes its audit row (who, when, before, after) in the same write
 * transaction as the change, so there is no change without its audit row and no audit row without
 * its change. The transactions are interactive (`db.transaction("write")`), which the file path
 * and a remote libSQL server both run.
 */

export type AuditEntity = "policy" | "epic_phases" | "rate" | "person_role";

export interface AuditEntry {
  id: number;
  at: string;
  userId: string;
  userEmail: string | null;
  entity: AuditEntity;
  key: string;
  action: "create" | "update" | "delete";
  before: unknown;
  after: unknown;
}

export const projectKeySchema = z.string().regex(/^[A-Z][A-Z0-9]{0,19}$/, "a Jira project key such as FIN");

export const policyInputSchema = z.strictObject({ currency: currencySchema, rules: capRulesSchema });

export const phasesInputSchema = z
  .strictObject({
    developmentFrom: isoDateSchema.nullable(),
    postImplementationFrom: isoDateSchema.nullable(),
  })
  .refine(
    (p) => !p.developmentFrom || !p.postImplementationFrom || p.postImplementationFrom > p.developmentFrom,
    { message: "postImplementationFrom must be after developmentFrom", path: ["postImplementationFrom"] },
  );

export const rateInputSchema = z.strictObject({
  subjectKind: z.enum(["person", "role"]),
  subject: z.string().trim().min(1).max(200),
  hourlyRate: hourlyRateSchema,
  currency: currencySchema,
  effectiveFrom: isoDateSchema,
});

export const roleInputSchema = z.strictObject({ role: z.string().trim().min(1).max(100).nullable() });

// ---- policies -------------------------------------------------------------------------------

/** A `cap_policies` row as a policy. */
export function toPolicy(row: Row): CapPolicy {
  return {
    projectKey: String(row.project_key),
    currency: String(row.currency),
    rules: { ...emptyRules(), ...(JSON.parse(String(row.rules)) as Partial<CapRules>) },
    updatedBy: String(row.updated_by),
    updatedAt: String(row.updated_at),
  };
}

/** Every project's policy, by project key. */
export async function listPolicies(db: Client | Transaction): Promise<CapPolicy[]> {
  const result = await db.execute("SELECT * FROM cap_policies ORDER BY project_key");
  return result.rows.map(toPolicy);
}

export async function getPolicy(db: Client | Transaction, projectKey: string): Promise<CapPolicy | null> {
  const result = await db.execute({
    sql: "SELECT * FROM cap_policies WHERE project_key = ?",
    args: [projectKey],
  });
  return result.rows[0] ? toPolicy(result.rows[0]) : null;
}

/** Creates or replaces a project's policy. @throws AppError("invalid_request") on bad input. */
export async function putPolicy(
  db: Client,
  projectKey: string,
  input: unknown,
  userId: string,
): Promise<CapPolicy> {
  const key = parseInput(projectKeySchema, projectKey, "project key");
  const body = parseInput(policyInputSchema, input, "policy");
  return writeTransaction(db, (tx) => writePolicy(tx, key, body.currency, body.rules, userId));
}

/**
 * Changes a project's rules with `change` (read and written in one transaction, so two changes
 * never lose each other). @throws AppError("not_found") when the project has no policy.
 */
export async function updateRules(
  db: Client,
  projectKey: string,
  change: (rules: CapRules) => CapRules,
  userId: string,
): Promise<CapPolicy> {
  return writeTransaction(db, async (tx) => {
    const current = await getPolicy(tx, projectKey);
    if (!current) throw new AppError("not_found", `Project ${projectKey} has no capitalisation policy yet`);
    const rules = parseInput(capRulesSchema, change(structuredClone(current.rules)), "rules");
    // Nothing to change (a change made again, e.g. a tool call carried out twice): no write, no audit row.
    if (JSON.stringify(rules) === JSON.stringify(current.rules)) return current;
    return writePolicy(tx, projectKey, current.currency, rules, userId);
  });
}

async function writePolicy(
  tx: Transaction,
  projectKey: string,
  currency: string,
  rules: CapRules,
  userId: string,
): Promise<CapPolicy> {
  const before = await getPolicy(tx, projectKey);
  const policy: CapPolicy = { projectKey, currency, rules, updatedBy: userId, updatedAt: nowIso() };
  await tx.execute({
    sql: `INSERT INTO cap_policies (project_key, currency, rules, updated_by, updated_at) VALUES (?, ?, ?, ?, ?)
          ON CONFLICT (project_key) DO UPDATE SET currency = excluded.currency, rules = excluded.rules,
            updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
    args: [projectKey, currency, JSON.stringify(rules), userId, policy.updatedAt],
  });
  await audit(tx, userId, "policy", projectKey, before, policy);
  return policy;
}

// ---- epic phases ----------------------------------------------------------------------------

function toPhases(row: Row): EpicPhases {
  return {
    epicKey: String(row.epic_key),
    projectKey: String(row.project_key),
    developmentFrom: row.development_from === null ? null : String(row.development_from),
    postImplementationFrom:
      row.post_implementation_from === null ? null : String(row.post_implementation_from),
    updatedBy: String(row.updated_by),
    updatedAt: String(row.updated_at),
  };
}

/** Phase dates of every epic (of `projectKey`, when given). */
export async function listEpicPhases(db: Client | Transaction, projectKey?: string): Promise<EpicPhases[]> {
  const result = projectKey
    ? await db.execute({
        sql: "SELECT * FROM cap_epic_phases WHERE project_key = ? ORDER BY epic_key",
        args: [projectKey],
      })
    : await db.execute("SELECT * FROM cap_epic_phases ORDER BY epic_key");
  return result.rows.map(toPhases);
}

export async function getEpicPhases(db: Client | Transaction, epicKey: string): Promise<EpicPhases | null> {
  const result = await db.execute({
    sql: "SELECT * FROM cap_epic_phases WHERE epic_key = ?",
    args: [epicKey],
  });
  return result.rows[0] ? toPhases(result.rows[0]) : null;
}

/**
 * Sets an epic's phase dates (both null clears them: its in-scope work is then unclassified). The
 * project is the one the synced issue facts name, else the key's prefix.
 * @throws AppError("invalid_request") for a bad key or dates, or post-implementation not after development.
 */
export async function setEpicPhases(
  db: Client,
  epicKey: string,
  input: unknown,
  userId: string,
): Promise<EpicPhases> {
  const key = parseInput(issueKeySchema, epicKey, "epic key");
  const body = parseInput(phasesInputSchema, input, "phase dates");
  return writeTransaction(db, async (tx) => {
    const before = await getEpicPhases(tx, key);
    if (
      before &&
      before.developmentFrom === body.developmentFrom &&
      before.postImplementationFrom === body.postImplementationFrom
    ) {
      return before;
    }
    const known = await tx.execute({
      sql: "SELECT project_key FROM cap_issues WHERE issue_key = ?",
      args: [key],
    });
    const projectKey = known.rows[0] ? String(known.rows[0].project_key) : key.slice(0, key.lastIndexOf("-"));
    const phases: EpicPhases = { epicKey: key, projectKey, ...body, updatedBy: userId, updatedAt: nowIso() };
    await tx.execute({
      sql: `INSERT INTO cap_epic_phases (epic_key, project_key, development_from, post_implementation_from, updated_by, updated_at)
            VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT (epic_key) DO UPDATE SET project_key = excluded.project_key,
              development_from = excluded.development_from, post_implementation_from = excluded.post_implementation_from,
              updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
      args: [
        key,
        projectKey,
        phases.developmentFrom,
        phases.postImplementationFrom,
        userId,
        phases.updatedAt,
      ],
    });
    await audit(tx, userId, "epic_phases", key, before, phases);
    return phases;
  });
}

// ---- cost rates -----------------------------------------------------------------------------

/** A `cap_cost_rates` row as a rate. */
export function toRate(row: Row): CostRate {
  return {
    id: String(row.id),
    subjectKind: row.subject_kind === "role" ? "role" : "person",
    subject: String(row.subject),
    hourlyRate: String(row.hourly_rate),
    currency: String(row.currency),
    effectiveFrom: String(row.effective_from),
    createdBy: String(row.created_by),
    createdAt: String(row.created_at),
  };
}

/** Every rate (in `currency`, when given), by subject and effective day. */
export async function listRates(db: Client | Transaction, currency?: string): Promise<CostRate[]> {
  const order = "ORDER BY subject_kind, subject, effective_from";
  const result = currency
    ? await db.execute({ sql: `SELECT * FROM cap_cost_rates WHERE currency = ? ${order}`, args: [currency] })
    : await db.execute(`SELECT * FROM cap_cost_rates ${order}`);
  return result.rows.map(toRate);
}

/**
 * Adds a rate. A person or role may work on several projects, so a rate is not tied to one: its
 * currency must be the currency of at least one project's policy (else 400), and a report uses
 * only the rates in its own currency.
 * @throws AppError("invalid_request") on bad input or a currency no policy uses;
 *   AppError("conflict") when the subject already has a rate in that currency from that day.
 */
export async function addRate(db: Client, input: unknown, userId: string): Promise<CostRate> {
  const body = parseInput(rateInputSchema, input, "rate");
  return writeTransaction(db, async (tx) => {
    const currencies = await tx.execute("SELECT DISTINCT currency FROM cap_policies");
    const used = currencies.rows.map((row) => String(row.currency));
    if (!used.includes(body.currency)) {
      throw new AppError(
        "invalid_request",
        used.length === 0
          ? "Set a project's capitalisation policy (and its currency) before adding rates"
          : `No project's policy is in ${body.currency}; rates must be in ${used.join(" or ")}`,
      );
    }
    const taken = await tx.execute({
      sql: `SELECT id FROM cap_cost_rates WHERE subject_kind = ? AND subject = ? AND currency = ? AND effective_from = ?`,
      args: [body.subjectKind, body.subject, body.currency, body.effectiveFrom],
    });
    if (taken.rows[0]) {
      throw new AppError(
        "conflict",
        `${body.subject} already has a ${body.currency} rate from ${body.effectiveFrom}; delete it first`,
      );
    }
    const rate: CostRate = { id: newId(), ...body, createdBy: userId, createdAt: nowIso() };
    await tx.execute({
      sql: `INSERT INTO cap_cost_rates (id, subject_kind, subject, hourly_rate, currency, effective_from, created_by, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      args: [
        rate.id,
        rate.subjectKind,
        rate.subject,
        rate.hourlyRate,
        rate.currency,
        rate.effectiveFrom,
        userId,
        rate.createdAt,
      ],
    });
    await audit(tx, userId, "rate", rate.id, null, rate);
    return rate;
  });
}

/** Deletes a rate. @throws AppError("not_found") when there is none with this id. */
export async function deleteRate(db: Client, id: string, userId: string): Promise<void> {
  await writeTransaction(db, async (tx) => {
    const found = await tx.execute({ sql: "SELECT * FROM cap_cost_rates WHERE id = ?", args: [id] });
    if (!found.rows[0]) throw new AppError("not_found", `No rate with id ${id}`);
    await tx.execute({ sql: "DELETE FROM cap_cost_rates WHERE id = ?", args: [id] });
    await audit(tx, userId, "rate", id, toRate(found.rows[0]), null);
  });
}

// ---- people's roles -------------------------------------------------------------------------

/** Each person's role, by Jira account id. */
export async function personRoles(db: Client | Transaction): Promise<Map<string, string>> {
  const result = await db.execute("SELECT account_id, role FROM cap_person_roles");
  return new Map(result.rows.map((row) => [String(row.account_id), String(row.role)]));
}

/** Sets (or, with null, clears) a person's role. */
export async function setPersonRole(
  db: Client,
  accountId: string,
  input: unknown,
  userId: string,
): Promise<{ accountId: string; role: string | null }> {
  const account = parseInput(z.string().trim().min(1).max(200), accountId, "account id");
  const { role } = parseInput(roleInputSchema, input, "role");
  return writeTransaction(db, async (tx) => {
    const found = await tx.execute({
      sql: "SELECT role FROM cap_person_roles WHERE account_id = ?",
      args: [account],
    });
    const before = found.rows[0] ? { accountId: account, role: String(found.rows[0].role) } : null;
    if (role === null) {
      if (before)
        await tx.execute({ sql: "DELETE FROM cap_person_roles WHERE account_id = ?", args: [account] });
    } else {
      await tx.execute({
        sql: `INSERT INTO cap_person_roles (account_id, role, updated_by, updated_at) VALUES (?, ?, ?, ?)
              ON CONFLICT (account_id) DO UPDATE SET role = excluded.role, updated_by = excluded.updated_by,
                updated_at = excluded.updated_at`,
        args: [account, role, userId, nowIso()],
      });
    }
    const after = role === null ? null : { accountId: account, role };
    if (before || after) await audit(tx, userId, "person_role", account, before, after);
    return { accountId: account, role };
  });
}

// ---- audit ----------------------------------------------------------------------------------

async function audit(
  tx: Transaction,
  userId: string,
  entity: AuditEntity,
  key: string,
  before: unknown,
  after: unknown,
): Promise<void> {
  const action = before === null ? "create" : after === null ? "delete" : "update";
  await tx.execute({
    sql: "INSERT INTO cap_audit (at, user_id, entity, key, action, before, after) VALUES (?, ?, ?, ?, ?, ?, ?)",
    args: [
      nowIso(),
      userId,
      entity,
      key,
      action,
      before === null ? null : JSON.stringify(before),
      after === null ? null : JSON.stringify(after),
    ],
  });
}

/** The newest audit entries first, with the email of who made each change. */
export async function listAudit(db: Client, limit = 50): Promise<AuditEntry[]> {
  const bounded = Math.max(1, Math.min(500, Math.trunc(limit)));
  const result = await db.execute({
    sql: `SELECT a.*, u.email FROM cap_audit a LEFT JOIN users u ON u.id = a.user_id ORDER BY a.id DESC LIMIT ?`,
    args: [bounded],
  });
  return result.rows.map((row) => ({
    id: Number(row.id),
    at: String(row.at),
    userId: String(row.user_id),
    userEmail: row.email === null ? null : String(row.email),
    entity: String(row.entity) as AuditEntity,
    key: String(row.key),
    action: String(row.action) as AuditEntry["action"],
    before: row.before === null ? null : JSON.parse(String(row.before)),
    after: row.after === null ? null : JSON.parse(String(row.after)),
  }));
}

// ---- what the policy is set on ----------------------------------------------------------------

export interface EpicItem {
  epicKey: string;
  summary: string | null;
  projectKey: string;
  phases: EpicPhases | null;
}

/**
 * The epics finance can set phases on: those the synced issue facts name (as an epic, or as some
 * issue's epic) and those that already have phase dates, of `projectKey` when given.
 */
export async function listEpics(db: Client, projectKey?: string): Promise<EpicItem[]> {
  const [facts, phases] = await db.batch(
    [
      `SELECT e.epic_key, i.summary, coalesce(i.project_key, min(e.project_key)) AS project_key
       FROM (SELECT DISTINCT epic_key, project_key FROM cap_issues WHERE epic_key IS NOT NULL) e
       LEFT JOIN cap_issues i ON i.issue_key = e.epic_key
       GROUP BY e.epic_key`,
      "SELECT * FROM cap_epic_phases",
    ],
    "read",
  );
  const byKey = new Map<string, EpicItem>();
  for (const row of facts?.rows ?? []) {
    const epicKey = String(row.epic_key);
    byKey.set(epicKey, {
      epicKey,
      summary: row.summary === null ? null : String(row.summary),
      projectKey: String(row.project_key),
      phases: null,
    });
  }
  for (const row of phases?.rows ?? []) {
    const p = toPhases(row);
    const known = byKey.get(p.epicKey);
    byKey.set(p.epicKey, {
      epicKey: p.epicKey,
      summary: known?.summary ?? null,
      projectKey: known?.projectKey ?? p.projectKey,
      phases: p,
    });
  }
  return [...byKey.values()]
    .filter((e) => !projectKey || e.projectKey === projectKey)
    .sort((a, b) => a.epicKey.localeCompare(b.epicKey, "en", { numeric: true }));
}

/** The people seen in worklogs (their latest name) with their role, by name. */
export async function listPeople(
  db: Client,
): Promise<{ accountId: string; name: string; role: string | null }[]> {
  const result = await db.execute(
    `SELECT w.author_account_id AS account_id,
            (SELECT author_name FROM worklogs x WHERE x.author_account_id = w.author_account_id
             ORDER BY x.jira_updated DESC LIMIT 1) AS name,
            r.role
     FROM (SELECT DISTINCT author_account_id FROM worklogs) w
     LEFT JOIN cap_person_roles r ON r.account_id = w.author_account_id
     ORDER BY name, account_id`,
  );
  return result.rows.map((row) => ({
    accountId: String(row.account_id),
    name: String(row.name),
    role: row.role === null ? null : String(row.role),
  }));
}
