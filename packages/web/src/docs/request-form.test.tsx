import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { createApi } from "../api/client.ts";
import { ApiProvider } from "../api/context.tsx";
import { DocsRequestForm } from "./request-form.tsx";
import { type DocsSources, githubGap, offeredKinds, requestOf } from "./sources.ts";

const sources = (github: DocsSources["github"], local: string[] = []): DocsSources => ({ github, local });
const github = { configured: true, allow: ["acme/*", "other/ledger"] };
const none = { configured: false, allow: [] };

function form(given: DocsSources): string {
  return renderToStaticMarkup(
    <ApiProvider api={createApi(() => null, "http://127.0.0.1:1")}>
      <QueryClientProvider client={new QueryClient()}>
        <DocsRequestForm sources={given} onStarted={() => undefined} />
      </QueryClientProvider>
    </ApiProvider>,
  );
}

describe("what the docs form offers", () => {
  it("offers local checkouts first, and GitHub only with a token and an allow-list", () => {
    expect(offeredKinds(sources(github, ["finchat"]))).toEqual(["local", "github"]);
    expect(offeredKinds(sources(github))).toEqual(["github"]);
    expect(offeredKinds(sources({ configured: true, allow: [] }, ["finchat"]))).toEqual(["local"]);
    expect(offeredKinds(sources({ configured: false, allow: ["acme/*"] }))).toEqual([]);
  });

  it("names the missing GitHub setting", () => {
    expect(githubGap(sources(github))).toBeNull();
    expect(githubGap(sources({ configured: true, allow: [] }))).toMatch(/GITHUB_ALLOW names no/);
    expect(githubGap(sources({ configured: false, allow: ["acme/*"] }))).toMatch(/GITHUB_TOKEN is not/);
    expect(githubGap(sources(none))).toMatch(/Neither GITHUB_TOKEN nor GITHUB_ALLOW/);
  });

  it("sends a local repository by name and a GitHub one as typed, a ref only when given", () => {
    expect(requestOf({ kind: "local", name: "finchat", ref: " " })).toEqual({
      body: { localRepo: "finchat" },
      label: "local/finchat",
    });
    expect(requestOf({ kind: "github", repo: " acme/ledger ", ref: "v2 " })).toEqual({
      body: { repo: "acme/ledger", ref: "v2" },
      label: "acme/ledger",
    });
  });
});

describe("the docs form", () => {
  it("lets a person pick the source when both exist, a local checkout by default", () => {
    const markup = form(sources(github, ["finchat", "ledger"]));
    expect(markup).toContain("<legend>Source</legend>");
    expect(markup).toContain('<input type="radio" name="source" checked="" value="local"/>Local checkout');
    expect(markup).toContain('<input type="radio" name="source" value="github"/>GitHub');
    expect(markup).toMatch(/Local repository<select[^>]*><option value="finchat" selected="">finchat</);
    expect(markup).not.toContain('placeholder="owner/name"');
  });

  it("asks only for a GitHub repository, with the allow-list as its description, when no checkout is configured", () => {
    const markup = form(sources(github));
    expect(markup).not.toContain("radio");
    const hint = /aria-describedby="([^"]+)"/.exec(markup)?.[1];
    expect(markup).toContain(`id="${hint}" class="hint">Allowed (GITHUB_ALLOW): acme/*, other/ledger`);
  });

  it("says how to configure a source when there is none", () => {
    const markup = form(sources({ configured: true, allow: [] }));
    expect(markup).not.toContain("<form");
    expect(markup).toContain("No repository can be documented yet.");
    expect(markup).toContain("<code>LOCAL_REPOS</code>");
    expect(markup).toContain("GITHUB_TOKEN is set, but GITHUB_ALLOW names no repository.");
  });
});
