import type { CostRate } from "@finchat/core/capitalisation/types";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { ErrorNotice } from "../layout/error-notice.tsx";
import { formatDate } from "../layout/format.ts";
import { LabelledSelect } from "../layout/labelled-select.tsx";
import { ACTIONS_COLUMN, EmptyRow, TableHead } from "../layout/table.tsx";
import type { FinanceApi, FinancePerson, NewRate } from "./api.ts";
import { formatMoney } from "./format.ts";
import { financeKeys } from "./keys.ts";
import { isIsoDate } from "./period.ts";

/** What is wrong with a rate about to be added, or null. */
export function rateProblem(rate: NewRate): string | null {
  if (!rate.subject.trim()) return rate.subjectKind === "person" ? "Pick a person." : "Name the role.";
  if (!/^\d{1,12}(\.\d{1,6})?$/.test(rate.hourlyRate)) return "An hourly rate is a number like 85 or 85.50.";
  if (!/^[A-Z]{3}$/.test(rate.currency)) return "A currency is three letters, like EUR.";
  if (!isIsoDate(rate.effectiveFrom)) return "Pick the day the rate applies from.";
  return null;
}

const blank = (currency: string): NewRate => ({
  subjectKind: "person",
  subject: "",
  hourlyRate: "",
  currency,
  effectiveFrom: "",
});

/** Hourly cost rates per person or role, each from a day on; a person's own rate wins over their role's. */
export function RatesEditor({
  finance,
  rates,
  people,
  currency,
}: {
  finance: FinanceApi;
  rates: CostRate[];
  people: FinancePerson[];
  currency: string;
}) {
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<NewRate>(() => blank(currency));
  const [tried, setTried] = useState(false);
  const problem = rateProblem(draft);
  const add = useMutation({
    mutationFn: (rate: NewRate) => finance.addRate(rate),
    onSuccess: () => {
      setDraft((d) => ({ ...blank(d.currency), subjectKind: d.subjectKind }));
      setTried(false);
      return queryClient.invalidateQueries({ queryKey: financeKeys.all });
    },
  });
  const remove = useMutation({
    mutationFn: (id: string) => finance.deleteRate(id),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: financeKeys.all }),
  });
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setTried(true);
    if (!problem) add.mutate({ ...draft, subject: draft.subject.trim() });
  };
  const nameOf = (rate: CostRate) =>
    rate.subjectKind === "person"
      ? (people.find((p) => p.accountId === rate.subject)?.name ?? rate.subject)
      : `role ${rate.subject}`;
  const roles = [...new Set(people.map((p) => p.role).filter((r): r is string => Boolean(r)))].sort();

  return (
    <section className="panel" aria-labelledby="rates-title">
      <h2 id="rates-title">Cost rates</h2>
      <form className="inline-form" onSubmit={onSubmit} aria-label="Add a rate" noValidate>
        <LabelledSelect
          label="Rate for"
          value={draft.subjectKind}
          onChange={(value) =>
            setDraft({ ...draft, subjectKind: value as NewRate["subjectKind"], subject: "" })
          }
        >
          <option value="person">A person</option>
          <option value="role">A role</option>
        </LabelledSelect>
        {draft.subjectKind === "person" ? (
          <LabelledSelect
            label="Person"
            value={draft.subject}
            onChange={(value) => setDraft({ ...draft, subject: value })}
          >
            <option value="">Choose…</option>
            {people.map((p) => (
              <option key={p.accountId} value={p.accountId}>
                {p.name}
              </option>
            ))}
          </LabelledSelect>
        ) : (
          <label>
            Role
            <input
              value={draft.subject}
              list="finance-roles"
              maxLength={100}
              onChange={(e) => setDraft({ ...draft, subject: e.target.value })}
            />
            <datalist id="finance-roles">
              {roles.map((r) => (
                <option key={r} value={r} />
              ))}
            </datalist>
          </label>
        )}
        <label>
          Hourly rate
          <input
            inputMode="decimal"
            value={draft.hourlyRate}
            placeholder="85.00"
            onChange={(e) => setDraft({ ...draft, hourlyRate: e.target.value.trim() })}
          />
        </label>
        <label>
          Currency
          <input
            value={draft.currency}
            maxLength={3}
            size={4}
            onChange={(e) => setDraft({ ...draft, currency: e.target.value.toUpperCase() })}
          />
        </label>
        <label>
          Effective from
          <input
            type="date"
            value={draft.effectiveFrom}
            onChange={(e) => setDraft({ ...draft, effectiveFrom: e.target.value })}
          />
        </label>
        <button type="submit" className="primary" disabled={add.isPending}>
          Add rate
        </button>
      </form>
      {tried && problem ? (
        <p className="field-error" role="alert">
          {problem}
        </p>
      ) : null}
      {add.error ? <ErrorNotice error={add.error} /> : null}
      {remove.error ? <ErrorNotice error={remove.error} /> : null}
      <div className="table-scroll">
        <table className="data-table">
          <caption className="visually-hidden">Cost rates</caption>
          <TableHead columns={["For", "Hourly rate", "Effective from", "Added", ACTIONS_COLUMN]} />
          <tbody>
            {rates.map((rate) => (
              <tr key={rate.id}>
                <td>{nameOf(rate)}</td>
                <td className="num">{formatMoney(rate.hourlyRate, rate.currency)}</td>
                <td>{rate.effectiveFrom}</td>
                <td>{formatDate(rate.createdAt)}</td>
                <td>
                  <button
                    type="button"
                    className="danger"
                    aria-label={`Delete the rate of ${nameOf(rate)} from ${rate.effectiveFrom}`}
                    disabled={remove.isPending}
                    onClick={() => remove.mutate(rate.id)}
                  >
                    Delete
                  </button>
                </td>
              </tr>
            ))}
            {rates.length === 0 ? (
              <EmptyRow span={5}>No rates yet: every hour is listed as unrated.</EmptyRow>
            ) : null}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/** Who logged work, and the role whose rate applies to them when they have none of their own. */
export function PeopleEditor({ finance, people }: { finance: FinanceApi; people: FinancePerson[] }) {
  return (
    <section className="panel" aria-labelledby="people-title">
      <h2 id="people-title">People and roles</h2>
      {people.length === 0 ? (
        <p className="muted">Nobody has logged work yet (or the sync has not run).</p>
      ) : null}
      {people.length > 0 ? (
        <table className="data-table">
          <caption className="visually-hidden">People and their roles</caption>
          <TableHead columns={["Person", "Role"]} />
          <tbody>
            {people.map((person) => (
              <PersonRow key={`${person.accountId}:${person.role ?? ""}`} finance={finance} person={person} />
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}

function PersonRow({ finance, person }: { finance: FinanceApi; person: FinancePerson }) {
  const queryClient = useQueryClient();
  const [role, setRole] = useState(person.role ?? "");
  const save = useMutation({
    mutationFn: () => finance.setRole(person.accountId, role.trim() || null),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: financeKeys.all }),
  });
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };
  return (
    <tr>
      <th scope="row">
        {person.name} <span className="muted">{person.accountId}</span>
      </th>
      <td>
        <form className="row-form" onSubmit={onSubmit}>
          <input
            aria-label={`Role of ${person.name}`}
            value={role}
            maxLength={100}
            placeholder="no role"
            onChange={(e) => setRole(e.target.value)}
          />
          <button type="submit" disabled={role.trim() === (person.role ?? "") || save.isPending}>
            Save role of {person.name}
          </button>
        </form>
        {save.error ? <ErrorNotice error={save.error} /> : null}
      </td>
    </tr>
  );
}
