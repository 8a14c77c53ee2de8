import { toJsxRuntime } from "hast-util-to-jsx-runtime";
import { useEffect, useState } from "react";
import { Fragment, jsx, jsxs } from "react/jsx-runtime";
import { CopyButton } from "./copy-button.tsx";
import type { lowlight } from "./highlighter.ts";

type Root = ReturnType<typeof lowlight.highlight>;

type Props = { language: string | null; code: string };

/**
 * A fenced code block with a copy button. Highlighting arrives a moment later: the highlighter is
 * imported on first use and returns a syntax tree (never HTML), rendered as React elements.
 */
export function CodeBlock({ language, code }: Props) {
  const tree = useHighlighted(language, code);
  return (
    <figure className="code-block">
      <figcaption>
        <span className="code-language">{language ?? "text"}</span>
        <CopyButton text={code} label="Copy code" />
      </figcaption>
      <pre>
        <code className={`hljs${language ? ` language-${language}` : ""}`}>
          {tree ? toJsxRuntime(tree, { Fragment, jsx, jsxs }) : code}
        </code>
      </pre>
    </figure>
  );
}

function useHighlighted(language: string | null, code: string): Root | null {
  const [tree, setTree] = useState<Root | null>(null);
  useEffect(() => {
    let live = true;
    if (!language) return;
    import("./highlighter.ts").then(
      ({ lowlight }) => {
        if (!live || !lowlight.registered(language)) return;
        setTree(lowlight.highlight(language, code));
      },
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [language, code]);
  return tree;
}
