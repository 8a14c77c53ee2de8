import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { ApiError, unwrap } from "../api/client.ts";
import { useApi } from "../api/context.tsx";
import type { PlainError } from "../api/plain-errors.ts";
import { ErrorNotice } from "../layout/error-notice.tsx";
import { Link } from "../router.tsx";
import { ThemeSelect } from "../theme/theme-select.tsx";
import { meKey } from "./use-me.ts";

type Mode = "login" | "signup";

/** Sign-up was accepted but these details do not sign in: most likely the email has an account. */
class SignInAfterSignupFailed extends Error {}

const signInAfterSignup: PlainError = {
  code: "unauthorized",
  title: "Could not sign you in",
  detail: "If you already have an account with this email, its password is the one that works.",
  action: "Sign in with your existing password instead.",
};

/** Sign in, or create an account (the first one becomes the administrator). */
export function AuthPage({ mode }: { mode: Mode }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const [form, setForm] = useState({ name: "", email: "", password: "", inviteCode: "" });
  const submit = useMutation({
    mutationFn: async () => {
      const signIn = () =>
        unwrap(api.POST("/api/auth/login", { body: { email: form.email, password: form.password } }));
      if (mode === "login") {
        await signIn();
        return;
      }
      const { name, email, password, inviteCode } = form;
      // Sign-up answers alike for new and taken emails (it does not reveal accounts): sign in next.
      await unwrap(
        api.POST("/api/auth/signup", {
          body: { name, email, password, ...(inviteCode ? { inviteCode } : {}) },
        }),
      );
      try {
        await signIn();
      } catch (err) {
        if (err instanceof ApiError && err.code === "unauthorized") throw new SignInAfterSignupFailed();
        throw err;
      }
    },
    // The page that asked for a sign-in (a conversation, after a session ended) comes back; from
    // the sign-in and sign-up pages the app goes to the chat.
    onSuccess: () => queryClient.invalidateQueries({ queryKey: meKey }),
  });
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    submit.mutate();
  };
  const field = (key: keyof typeof form) => ({
    value: form[key],
    onChange: (e: { target: { value: string } }) => setForm({ ...form, [key]: e.target.value }),
  });

  return (
    <main className="auth-page" id="main">
      <div className="auth-theme">
        <ThemeSelect />
      </div>
      <form className="auth-card" onSubmit={onSubmit} aria-labelledby="auth-title">
        <p className="brand">Finchat</p>
        <h1 id="auth-title">{mode === "login" ? "Sign in" : "Create your account"}</h1>
        {mode === "signup" ? (
          <label>
            Name
            <input autoComplete="name" required maxLength={100} {...field("name")} />
          </label>
        ) : null}
        <label>
          Email
          <input type="email" autoComplete="email" required {...field("email")} />
        </label>
        <label>
          Password
          <input
            type="password"
            autoComplete={mode === "login" ? "current-password" : "new-password"}
            required
            minLength={mode === "signup" ? 10 : 1}
            {...field("password")}
          />
          {mode === "signup" ? (
            <span className="hint">At least 10 characters, and not a commonly used password.</span>
          ) : null}
        </label>
        {mode === "signup" ? (
          <label>
            Invite code <span className="hint">(if you were given one)</span>
            <input autoComplete="off" {...field("inviteCode")} />
          </label>
        ) : null}
        {submit.error instanceof SignInAfterSignupFailed ? (
          <ErrorNotice plain={signInAfterSignup} />
        ) : submit.error ? (
          <ErrorNotice error={submit.error} />
        ) : null}
        <button type="submit" className="primary" disabled={submit.isPending}>
          {mode === "login" ? "Sign in" : "Sign up"}
        </button>
        <p className="auth-switch">
          {mode === "login" ? (
            <>
              New here? <Link to="/signup">Create an account</Link>
            </>
          ) : (
            <>
              Have an account? <Link to="/login">Sign in</Link>
            </>
          )}
        </p>
      </form>
    </main>
  );
}
