import { useEffect, useId, useRef, useState } from "react";
import { currentTheme } from "../theme/theme.ts";
import { CodeBlock } from "./code-block.tsx";

/**
 * A Mermaid diagram. Mermaid (large) is imported on first use and runs with securityLevel
 * "strict", which sanitises labels and turns off click handlers; its SVG is parsed into nodes
 * rather than assigned as HTML, and the page's CSP forbids inline scripts regardless.
 */
export function MermaidDiagram({ source }: { source: string }) {
  const host = useRef<HTMLDivElement>(null);
  const id = `mermaid-${useId().replace(/[^a-zA-Z0-9]/g, "")}`;
  const [state, setState] = useState<"rendering" | "done" | "failed">("rendering");

  useEffect(() => {
    let live = true;
    renderDiagram(id, source).then(
      (svg) => {
        if (!live || !host.current) return;
        host.current.replaceChildren(svg);
        setState("done");
      },
      () => live && setState("failed"),
    );
    return () => {
      live = false;
    };
  }, [id, source]);

  if (state === "failed") {
    return (
      <div className="diagram-failed">
        <p role="note">This diagram could not be drawn; here is its source.</p>
        <CodeBlock language="mermaid" code={source} />
      </div>
    );
  }
  return (
    <figure className="diagram" aria-busy={state === "rendering"}>
      <div ref={host} className="diagram-svg" role="img" aria-label="Diagram" />
      {state === "rendering" ? <p className="muted">Drawing diagram…</p> : null}
    </figure>
  );
}

let queue: Promise<unknown> = Promise.resolve();

/** Mermaid renders one diagram at a time (it measures text in a shared scratch element). */
function renderDiagram(id: string, source: string): Promise<SVGSVGElement> {
  const next = queue.then(async () => {
    const { default: mermaid } = await import("mermaid");
    mermaid.initialize({
      startOnLoad: false,
      securityLevel: "strict",
      theme: currentTheme() === "dark" ? "dark" : "default",
      fontFamily: "inherit",
    });
    const { svg } = await mermaid.render(id, source);
    const parsed = new DOMParser().parseFromString(svg, "text/html").querySelector("svg");
    if (!parsed) throw new Error("mermaid returned no SVG");
    return document.importNode(parsed, true);
  });
  queue = next.catch(() => undefined);
  return next;
}
