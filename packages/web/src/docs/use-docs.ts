import { useQuery } from "@tanstack/react-query";
import { unwrap } from "../api/client.ts";
import { useApi } from "../api/context.tsx";

export const docsKey = ["docs"] as const;
const unfinished = new Set(["queued", "running"]);

/** The generated documentation sets; refreshed while any is still being written. */
export function useDocSets() {
  const api = useApi();
  return useQuery({
    queryKey: docsKey,
    queryFn: ({ signal }) => unwrap(api.GET("/api/docs", { signal })),
    refetchInterval: (query) =>
      query.state.data?.items.some((d) => unfinished.has(d.status)) ? 3000 : false,
  });
}

/** What documentation can be asked for here (GitHub, local checkouts); fixed while the Api runs. */
export function useDocSources() {
  const api = useApi();
  return useQuery({
    queryKey: ["docs-sources"],
    queryFn: ({ signal }) => unwrap(api.GET("/api/docs/sources", { signal })),
    staleTime: Number.POSITIVE_INFINITY,
  });
}

export function useDocSet(docSetId: string) {
  const api = useApi();
  return useQuery({
    queryKey: [...docsKey, docSetId],
    queryFn: ({ signal }) =>
      unwrap(api.GET("/api/docs/{docSetId}", { params: { path: { docSetId } }, signal })),
  });
}

/** One page's Markdown. Its path keeps its slashes: each segment is encoded on its own. */
export function useDocPage(docSetId: string, path: string | null) {
  const api = useApi();
  return useQuery({
    queryKey: [...docsKey, docSetId, "page", path],
    enabled: path !== null,
    queryFn: ({ signal }) =>
      unwrap(
        api.GET("/api/docs/{docSetId}/pages/{path}", {
          params: { path: { docSetId, path: path ?? "" } },
          parseAs: "text",
          pathSerializer: () =>
            `/api/docs/${encodeURIComponent(docSetId)}/pages/${encodePagePath(path ?? "")}`,
          signal,
        }),
      ),
  });
}

export function encodePagePath(path: string): string {
  return path.split("/").map(encodeURIComponent).join("/");
}

/** Where a link inside a page leads: another page of the set (in the app), or null for the outside world. */
export function resolvePageLink(docSetId: string, fromPage: string, href: string): string | null {
  if (/^[a-z][a-z0-9+.-]*:/i.test(href) || href.startsWith("/") || href.startsWith("#")) return null;
  const [target = ""] = href.split("#");
  const parts = fromPage.split("/").slice(0, -1);
  for (const segment of target.split("/")) {
    if (segment === "..") parts.pop();
    else if (segment && segment !== ".") parts.push(segment);
  }
  return `/docs/${encodeURIComponent(docSetId)}/p/${encodePagePath(parts.join("/"))}`;
}
