import { useQueryClient } from "@tanstack/react-query";
import { type ReactNode, useState } from "react";
import { unwrap } from "../api/client.ts";
import { useApi } from "../api/context.tsx";
import { type Me, meKey } from "../auth/use-me.ts";
import { Link, type Route } from "../router.tsx";
import { Sidebar } from "../sidebar/sidebar.tsx";
import { ThemeSelect } from "../theme/theme-select.tsx";
import { Icon } from "./icons.tsx";

type Props = { me: Me; route: Route; children: ReactNode };

/** The signed-in frame: top bar, the conversations sidebar (a drawer on narrow screens), the page. */
export function Shell({ me, route, children }: Props) {
  const api = useApi();
  const queryClient = useQueryClient();
  const [drawerOpen, setDrawerOpen] = useState(false);
  const activeId = route.name === "chat" ? route.conversationId : null;
  const signOut = async () => {
    await unwrap(api.POST("/api/auth/logout")).catch(() => undefined);
    // `clear()` alone empties the cache without telling the mounted `useMe`, which went on showing
    // the person: the sign-in page follows from `me` becoming null, then the rest is dropped.
    queryClient.setQueryData(meKey, null);
    queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== meKey[0] });
  };
  const links = [
    { to: "/", label: "Chat", current: route.name === "chat" },
    { to: "/docs", label: "Docs", current: route.name === "docs" || route.name === "docSet" },
    { to: "/settings", label: "Tokens", current: route.name === "settings" },
    ...(me.user.role === "admin"
      ? [
          { to: "/finance", label: "Finance", current: route.name === "finance" },
          { to: "/admin", label: "Admin", current: route.name === "admin" },
        ]
      : []),
  ];

  return (
    <div className={`shell${drawerOpen ? " drawer-open" : ""}`}>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <button
          type="button"
          className="icon menu-button"
          aria-label={drawerOpen ? "Hide conversations" : "Show conversations"}
          aria-expanded={drawerOpen}
          aria-controls="sidebar"
          onClick={() => setDrawerOpen(!drawerOpen)}
        >
          <Icon name="menu" />
        </button>
        <Link to="/" className="brand">
          Finchat
        </Link>
        <nav aria-label="Main" className="main-nav">
          {links.map((link) => (
            <Link key={link.to} to={link.to} aria-current={link.current ? "page" : undefined}>
              {link.label}
            </Link>
          ))}
        </nav>
        <div className="topbar-end">
          <ThemeSelect />
          <span className="user-name" title={me.user.email}>
            {me.user.name}
          </span>
          <button type="button" onClick={signOut}>
            Sign out
          </button>
        </div>
      </header>
      <div id="sidebar" className="sidebar-slot">
        <Sidebar activeId={activeId} onNavigate={() => setDrawerOpen(false)} />
      </div>
      {drawerOpen ? (
        <button
          type="button"
          className="drawer-backdrop"
          aria-label="Hide conversations"
          onClick={() => setDrawerOpen(false)}
        />
      ) : null}
      <main id="main" tabIndex={-1}>
        {children}
      </main>
    </div>
  );
}
