import { type AnchorHTMLAttributes, type MouseEvent, useSyncExternalStore } from "react";

/** The app's screens, from the address bar. */
export type Route =
  | { name: "chat"; conversationId: string | null }
  | { name: "login" }
  | { name: "signup" }
  | { name: "settings" }
  | { name: "admin" }
  | { name: "finance" }
  | { name: "docs" }
  | { name: "docSet"; docSetId: string; page: string | null }
  | { name: "notFound" };

const navigated = "finchat:navigate";

export function matchRoute(path: string): Route {
  const parts = path.split("/").filter(Boolean).map(decodeURIComponent);
  const [first, second, third] = parts;
  if (parts.length === 0) return { name: "chat", conversationId: null };
  if (first === "c" && second && parts.length === 2) return { name: "chat", conversationId: second };
  if (
    first === "login" ||
    first === "signup" ||
    first === "settings" ||
    first === "admin" ||
    first === "finance"
  ) {
    return parts.length === 1 ? { name: first } : { name: "notFound" };
  }
  if (first === "docs" && !second) return { name: "docs" };
  if (first === "docs" && second && (third === undefined || third === "p")) {
    return { name: "docSet", docSetId: second, page: parts.slice(3).join("/") || null };
  }
  return { name: "notFound" };
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener("popstate", onChange);
  window.addEventListener(navigated, onChange);
  return () => {
    window.removeEventListener("popstate", onChange);
    window.removeEventListener(navigated, onChange);
  };
}

export function usePath(): string {
  return useSyncExternalStore(subscribe, () => window.location.pathname);
}

export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (to === window.location.pathname) return;
  if (options.replace) history.replaceState(null, "", to);
  else history.pushState(null, "", to);
  window.dispatchEvent(new Event(navigated));
}

/** An in-app link: a real anchor (middle click, copy link) that navigates without a reload. */
export function Link({ to, onClick, ...rest }: AnchorHTMLAttributes<HTMLAnchorElement> & { to: string }) {
  const follow = (event: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(event);
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey)
      return;
    event.preventDefault();
    navigate(to);
  };
  return <a href={to} onClick={follow} {...rest} />;
}
