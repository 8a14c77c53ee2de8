import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { MarkdownText } from "../markdown/markdown.tsx";
import { ApprovalCard } from "./approval-card.tsx";
import { Citations } from "./citations.tsx";
import { AssistantMessage } from "./messages.tsx";
import { ToolCard } from "./tool-card.tsx";

const html = (element: React.ReactElement) => renderToStaticMarkup(element);
const doc = (element: React.ReactElement) => {
  const markup = html(element);
  return { markup, count: (pattern: RegExp) => markup.match(new RegExp(pattern, "g"))?.length ?? 0 };
};

describe("Markdown from the model", () => {
  it("renders tables, code blocks with a copy button, and inline code", () => {
    const { markup } = doc(
      <MarkdownText>
        {"| Step | Lines |\n| --- | --- |\n| Validate | 10 |\n\n```ts\nconst a = 1;\n```\n\nUse `post()`."}
      </MarkdownText>,
    );
    expect(markup).toContain("<table><thead><tr><th>Step</th>");
    expect(markup).toContain("<td>Validate</td>");
    expect(markup).toContain('<code class="hljs language-ts">const a = 1;</code>');
    expect(markup).toContain('aria-label="Copy code"');
    expect(markup).toContain("<code>post()</code>");
  });

  it("keeps raw HTML as text and drops script URLs", () => {
    const { markup } = doc(
      <MarkdownText>
        {'<img src=x onerror="alert(1)"> <script>alert(2)</script>\n\n[click](javascript:alert(3))'}
      </MarkdownText>,
    );
    expect(markup).not.toMatch(/<img|<script|<[^>]*onerror|href="javascript/i);
    expect(markup).toContain("&lt;script&gt;alert(2)&lt;/script&gt;");
    expect(markup).toContain("click");
  });

  it("turns images into links and opens links in a new tab without an opener", () => {
    const { markup } = doc(
      <MarkdownText>{"![chart](https://example.com/c.png) [docs](https://example.com/d)"}</MarkdownText>,
    );
    expect(markup).not.toContain("<img");
    expect(markup).toContain('href="https://example.com/c.png"');
    expect(markup).toContain("Image: chart");
    expect(markup).toContain('rel="noopener noreferrer nofollow"');
  });

  it("draws a mermaid block once the answer is complete, and shows its source while it streams", () => {
    const source = "```mermaid\nflowchart LR\n  A --> B\n```";
    expect(html(<MarkdownText>{source}</MarkdownText>)).toContain('class="diagram"');
    const streaming = html(<MarkdownText streaming>{source}</MarkdownText>);
    expect(streaming).not.toContain('class="diagram"');
    expect(streaming).toContain("flowchart LR");
  });

  it("sends relative links of a doc page where the resolver says", () => {
    const markup = html(
      <MarkdownText resolveLink={(href) => `/docs/d1/p/${href}`}>{"[next](setup.md)"}</MarkdownText>,
    );
    expect(markup).toContain('href="/docs/d1/p/setup.md"');
    expect(markup).not.toContain('target="_blank"');
  });
});

describe("answers", () => {
  it("is marked busy while streaming and offers a copy button once complete", () => {
    const streaming = html(<AssistantMessage content="Half an ans" citations={[]} streaming />);
    expect(streaming).toContain('aria-busy="true"');
    expect(streaming).not.toContain("Copy answer");
    const done = html(<AssistantMessage content="The whole answer." citations={[]} />);
    expect(done).toContain('aria-busy="false"');
    expect(done).toContain('aria-label="Copy answer"');
  });
});

describe("tool cards", () => {
  const call = {
    callId: "c1",
    name: "read_file",
    args: { repo: "acme/ledger", path: "src/post.ts", startLine: 10 },
    status: "ok" as const,
    summary: "Read 30 lines of src/post.ts",
  };

  it("sums the call up on one line and keeps the details behind it", () => {
    const { markup } = doc(<ToolCard call={call} result="export function post() {}" />);
    const summary = markup.slice(markup.indexOf("<summary>"), markup.indexOf("</summary>"));
    expect(summary).toContain("read_file");
    expect(summary).toContain("acme/ledger · src/post.ts · 10");
    expect(summary).toContain(">done<");
    expect(markup).toMatch(/^<details class="tool-card status-ok"/);
    expect(markup).toContain("Read 30 lines of src/post.ts");
    expect(markup).toContain("<dt>start line</dt>");
    expect(markup).toContain("export function post() {}");
  });

  it("shortens a long result and says by how much", () => {
    const markup = html(<ToolCard call={{ ...call, status: "failed" }} result={"x".repeat(4100)} />);
    expect(markup).toContain("status-failed");
    expect(markup).toContain(">failed<");
    expect(markup).toContain("… (100 more characters)");
  });
});

describe("citations", () => {
  it("links GitHub lines and Jira issues, labelled by kind", () => {
    const { markup, count } = doc(
      <Citations
        citations={[
          {
            kind: "github",
            label: "acme/ledger/src/post.ts#L10-L40",
            url: "https://github.com/acme/ledger/blob/main/src/post.ts#L10-L40",
          },
          { kind: "jira", label: "FIN-7", url: "https://acme.atlassian.net/browse/FIN-7" },
        ]}
      />,
    );
    expect(count(/<a /)).toBe(2);
    expect(markup).toContain('href="https://github.com/acme/ledger/blob/main/src/post.ts#L10-L40"');
    expect(markup).toContain('href="https://acme.atlassian.net/browse/FIN-7"');
    expect(markup).toContain(">GitHub</span>acme/ledger/src/post.ts#L10-L40");
    expect(markup).toContain(">Jira</span>FIN-7");
    expect(count(/rel="noopener noreferrer"/)).toBe(2);
  });

  it("shows but does not link a citation whose URL is not http(s)", () => {
    const markup = html(
      <Citations citations={[{ kind: "url", label: "Sneaky", url: "javascript:alert(1)" }]} />,
    );
    expect(markup).toContain("Sneaky");
    expect(markup).not.toContain("<a ");
  });

  it("renders nothing without citations", () => {
    expect(html(<Citations citations={[]} />)).toBe("");
  });
});

describe("approval cards", () => {
  const approval = {
    callId: "c9",
    name: "create_jira_issue",
    args: {
      project: "FIN",
      fields: { summary: "Close Q3", labels: ["close", "q3"] },
      text: "Line one\nLine two",
    },
    argsHash: "h",
    decision: "pending" as const,
  };

  it("shows every value that will be written, and Approve and Reject", () => {
    const markup = html(<ApprovalCard approval={approval} busy={false} onDecide={() => undefined} />);
    for (const value of ["create_jira_issue", "FIN", "Close Q3", "close", "q3", "Line one\nLine two"]) {
      expect(markup).toContain(value);
    }
    expect(markup).toContain(">Approve</button>");
    expect(markup).toContain(">Reject</button>");
  });

  it("shows the decision instead of the buttons once decided", () => {
    const markup = html(
      <ApprovalCard approval={{ ...approval, decision: "reject" }} busy={false} onDecide={() => undefined} />,
    );
    expect(markup).not.toContain("<button");
    expect(markup).toContain("Declined. Nothing was changed.");
  });
});
