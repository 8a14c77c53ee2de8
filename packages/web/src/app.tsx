import { lazy, Suspense, useEffect } from "react";
import { AdminPage } from "./admin/admin-page.tsx";
import { AuthPage } from "./auth/auth-page.tsx";
import { type Me, useMe } from "./auth/use-me.ts";
import { ConversationPage } from "./chat/conversation-page.tsx";
import { DocSetPage } from "./docs/doc-set-page.tsx";
import { DocsPage } from "./docs/docs-page.tsx";
import { ErrorNotice } from "./layout/error-notice.tsx";
import { Shell } from "./layout/shell.tsx";
import { matchRoute, navigate, type Route, usePath } from "./router.tsx";
import { TokensPage } from "./settings/tokens-page.tsx";

// For admins only: loaded the first time the page is opened, so no one else downloads it.
const FinancePage = lazy(() =>
  import("./finance/finance-page.tsx").then((m) => ({ default: m.FinancePage })),
);

export function App() {
  const me = useMe();
  const route = matchRoute(usePath());
  const signedIn = Boolean(me.data);
  const onAuthPage = route.name === "login" || route.name === "signup";

  useEffect(() => {
    if (signedIn && onAuthPage) navigate("/", { replace: true });
  }, [signedIn, onAuthPage]);

  useEffect(() => {
    document.title = titleOf(route);
  }, [route]);

  if (me.isPending) return <p className="splash">Loading Finchat…</p>;
  if (me.error) {
    return (
      <main className="splash" id="main">
        <ErrorNotice error={me.error} onRetry={() => me.refetch()} />
      </main>
    );
  }
  if (!me.data) {
    const mode = route.name === "signup" ? "signup" : "login";
    // A form per mode, so an error of one does not show on the other.
    return <AuthPage key={mode} mode={mode} />;
  }
  return (
    <Shell me={me.data} route={route}>
      <Screen route={route} me={me.data} />
    </Shell>
  );
}

function Screen({ route, me }: { route: Route; me: Me }) {
  switch (route.name) {
    case "chat":
      // A page per conversation, so each starts from its own stored state.
      return <ConversationPage key={route.conversationId ?? "new"} conversationId={route.conversationId} />;
    case "settings":
      return <TokensPage />;
    case "admin":
      return me.user.role === "admin" ? <AdminPage /> : <NotFound />;
    case "finance":
      return me.user.role === "admin" ? (
        <Suspense fallback={<p className="page muted">Loading the Finance page…</p>}>
          <FinancePage />
        </Suspense>
      ) : (
        <NotFound />
      );
    case "docs":
      return <DocsPage />;
    case "docSet":
      return <DocSetPage docSetId={route.docSetId} page={route.page} />;
    default:
      return route.name === "login" || route.name === "signup" ? null : <NotFound />;
  }
}

function NotFound() {
  return (
    <section className="page">
      <h1>Not found</h1>
      <p>There is no page at this address.</p>
    </section>
  );
}

function titleOf(route: Route): string {
  const names: Partial<Record<Route["name"], string>> = {
    login: "Sign in",
    signup: "Sign up",
    settings: "API tokens",
    admin: "Administration",
    finance: "Finance",
    docs: "Documentation",
    docSet: "Documentation",
  };
  const name = names[route.name];
  return name ? `${name} · Finchat` : "Finchat";
}
