import { type CapPolicy, type CapRules, emptyRules } from "@finchat/core/capitalisation/types";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { ErrorNotice } from "../layout/error-notice.tsx";
import { formatDate } from "../layout/format.ts";
import type { FinanceApi } from "./api.ts";
import { financeKeys } from "./keys.ts";
import { TokenInput } from "./token-input.tsx";

const upper = (token: string) => token.toUpperCase();

const ruleFields: {
  field: keyof CapRules;
  label: string;
  placeholder: string;
  normalise?: (t: string) => string;
}[] = [
  { field: "epics", label: "Epics in scope", placeholder: "FIN-1", normalise: upper },
  { field: "issueTypes", label: "Issue types in scope", placeholder: "Story" },
  { field: "labels", label: "Labels in scope", placeholder: "capex" },
  { field: "components", label: "Components in scope", placeholder: "Ledger" },
  { field: "include", label: "Always in scope (issue keys)", placeholder: "FIN-12", normalise: upper },
  { field: "exclude", label: "Never in scope (issue keys)", placeholder: "FIN-13", normalise: upper },
];

/** Which work of each project is capitalisable: pick a project (or name a new one) and edit its rules. */
export function PolicyEditor({ finance, policies }: { finance: FinanceApi; policies: CapPolicy[] }) {
  const [selected, setSelected] = useState<string>(policies[0]?.projectKey ?? "");
  const [newKey, setNewKey] = useState("");
  // Kept here: saving a new project's policy opens that project's form afresh.
  const [savedNotice, setSavedNotice] = useState<string | null>(null);
  const current = policies.find((p) => p.projectKey === selected) ?? null;
  const projectKey = selected || newKey.trim().toUpperCase();
  return (
    <section className="panel" aria-labelledby="policy-title">
      <h2 id="policy-title">Capitalisation policy</h2>
      <p className="muted">
        An issue is in scope when it is listed under “Always”, or (not listed under “Never”) its epic, type, a
        label or a component is listed. Work in scope is capitalisable while its epic is in development.
      </p>
      <div className="toolbar">
        <label>
          Project
          <select
            value={selected}
            onChange={(e) => {
              setSelected(e.target.value);
              setSavedNotice(null);
            }}
          >
            <option value="">New project…</option>
            {policies.map((p) => (
              <option key={p.projectKey} value={p.projectKey}>
                {p.projectKey}
              </option>
            ))}
          </select>
        </label>
        {selected === "" ? (
          <label>
            Project key
            <input
              value={newKey}
              maxLength={20}
              placeholder="FIN"
              onChange={(e) => setNewKey(e.target.value.toUpperCase())}
            />
          </label>
        ) : null}
      </div>
      {current ? (
        <p className="muted">
          Last changed {formatDate(current.updatedAt)} (who changed what: the Changes tab).
        </p>
      ) : null}
      {/* A form per project, so switching starts from that project's saved policy. */}
      <PolicyForm
        key={selected || "new"}
        finance={finance}
        projectKey={projectKey}
        saved={current}
        onSaved={(policy) => {
          setSelected(policy.projectKey);
          setNewKey("");
          setSavedNotice(`Saved the policy for ${policy.projectKey}.`);
        }}
      />
      {savedNotice ? (
        <p role="status" className="muted">
          {savedNotice}
        </p>
      ) : null}
    </section>
  );
}

function PolicyForm({
  finance,
  projectKey,
  saved,
  onSaved,
}: {
  finance: FinanceApi;
  projectKey: string;
  saved: CapPolicy | null;
  onSaved: (policy: CapPolicy) => void;
}) {
  const queryClient = useQueryClient();
  const [currency, setCurrency] = useState(saved?.currency ?? "EUR");
  const [rules, setRules] = useState<CapRules>(saved?.rules ?? emptyRules());
  const save = useMutation({
    mutationFn: () => finance.savePolicy(projectKey, { currency, rules }),
    onSuccess: async (policy) => {
      // The list first, so the form that opens for a new project starts from what was saved.
      await queryClient.invalidateQueries({ queryKey: financeKeys.all });
      onSaved(policy);
    },
  });
  const currencyValid = /^[A-Z]{3}$/.test(currency);
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (projectKey && currencyValid) save.mutate();
  };
  return (
    <form
      className="policy-form"
      onSubmit={onSubmit}
      aria-label={`Policy for ${projectKey || "a new project"}`}
    >
      <label className="field">
        Currency
        <input
          value={currency}
          maxLength={3}
          aria-invalid={!currencyValid}
          aria-describedby={currencyValid ? undefined : "policy-currency-hint"}
          onChange={(e) => setCurrency(e.target.value.toUpperCase())}
        />
      </label>
      {currencyValid ? null : (
        <p id="policy-currency-hint" className="field-error">
          A currency is three letters (ISO 4217), like EUR or USD.
        </p>
      )}
      <div className="token-grid">
        {ruleFields.map(({ field, label, placeholder, normalise }) => (
          <TokenInput
            key={field}
            label={label}
            placeholder={placeholder}
            value={rules[field]}
            normalise={normalise}
            onChange={(next) => setRules({ ...rules, [field]: next })}
          />
        ))}
      </div>
      {save.error ? <ErrorNotice error={save.error} /> : null}
      <button type="submit" className="primary" disabled={!projectKey || !currencyValid || save.isPending}>
        Save policy{projectKey ? ` for ${projectKey}` : ""}
      </button>
    </form>
  );
}
