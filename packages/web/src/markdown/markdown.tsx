import Markdown, { type Components, defaultUrlTransform, type ExtraProps } from "react-markdown";
import remarkGfm from "remark-gfm";
import { CodeBlock } from "./code-block.tsx";
import { MermaidDiagram } from "./mermaid-diagram.tsx";

type Element = NonNullable<ExtraProps["node"]>;
type ElementContent = Element["children"][number];

type Props = {
  children: string;
  /** Maps a relative link (a doc page's link to another page) to where it should go; null keeps it. */
  resolveLink?: (href: string) => string | null;
  /** While an answer is still being written its diagrams stay source: half a diagram cannot be drawn. */
  streaming?: boolean;
};

/**
 * Markdown from the model, GitHub, Jira or generated docs. Raw HTML stays text (no rehype-raw),
 * unsafe URLs are dropped by react-markdown's default transform, images become links (a remote
 * image would tell its host who read the answer), and fenced code is highlighted or, for
 * `mermaid`, drawn.
 */
export function MarkdownText({ children, resolveLink, streaming = false }: Props) {
  const components: Components = {
    pre: ({ node }) => {
      const code = node?.children.find((c): c is Element => c.type === "element" && c.tagName === "code");
      const language = languageOf(code);
      const text = textOf(code?.children ?? []).replace(/\n$/, "");
      if (language === "mermaid" && !streaming) return <MermaidDiagram source={text} />;
      return <CodeBlock language={language} code={text} />;
    },
    a: ({ href, children: label }) => (
      <SafeLink href={href} resolveLink={resolveLink}>
        {label}
      </SafeLink>
    ),
    img: ({ src, alt }) => (
      <SafeLink href={typeof src === "string" ? src : undefined}>{alt ? `Image: ${alt}` : "Image"}</SafeLink>
    ),
    table: ({ children: rows }) => (
      <div className="table-scroll">
        <table>{rows}</table>
      </div>
    ),
  };
  return (
    <div className="markdown">
      <Markdown remarkPlugins={[remarkGfm]} components={components} urlTransform={defaultUrlTransform}>
        {children}
      </Markdown>
    </div>
  );
}

function SafeLink({
  href,
  children,
  resolveLink,
}: {
  href: string | undefined;
  children: React.ReactNode;
  resolveLink?: Props["resolveLink"];
}) {
  if (!href) return <span>{children}</span>;
  const local = resolveLink?.(href);
  if (local) return <a href={local}>{children}</a>;
  return (
    <a href={href} target="_blank" rel="noopener noreferrer nofollow">
      {children}
    </a>
  );
}

function languageOf(code: Element | undefined): string | null {
  const classes = code?.properties.className;
  const list = Array.isArray(classes) ? classes.map(String) : [];
  const language = list.find((c) => c.startsWith("language-"));
  return language ? language.slice("language-".length).toLowerCase() : null;
}

function textOf(nodes: ElementContent[]): string {
  return nodes
    .map((n) => (n.type === "text" ? n.value : n.type === "element" ? textOf(n.children) : ""))
    .join("");
}
