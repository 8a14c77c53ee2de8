import { useEffect, useId, useLayoutEffect, useRef, useState } from "react";
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
  // Drawn at its natural size (1) by default, so labels stay legible; a wide one can be fitted or zoomed.
  const [zoom, setZoom] = useState<number | "fit">(1);
  const [wide, setWide] = useState(false);

  useLayoutEffect(() => {
    const svg = host.current?.querySelector("svg");
    const box = svg?.viewBox.baseVal;
    if (state !== "done" || !svg || !box || box.width <= 0 || !host.current) return;
    const room = host.current.clientWidth;
    setWide(box.width > room + 1);
    const scale = zoom === "fit" ? Math.min(1, room / box.width) : zoom;
    svg.setAttribute("width", String(box.width * scale));
    svg.setAttribute("height", String(box.height * scale));
  }, [state, zoom]);
  const current = zoom === "fit" ? null : zoom;

  useEffect(() => {
    let live = true;
    if (!host.current) return;
    renderDiagram(id, source, host.current).then(
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
      {state === "done" && (wide || zoom !== 1) ? (
        <div className="diagram-zoom">
          <button type="button" onClick={() => setZoom("fit")} aria-pressed={zoom === "fit"}>
            Fit to width
          </button>
          <button
            type="button"
            aria-label="Zoom out"
            onClick={() => setZoom(Math.max(0.25, (current ?? 1) / 1.25))}
          >
            −
          </button>
          <button
            type="button"
            aria-label="Zoom in"
            onClick={() => setZoom(Math.min(4, (current ?? 1) * 1.25))}
          >
            +
          </button>
          <button type="button" onClick={() => setZoom(1)} aria-pressed={zoom === 1}>
            Actual size
          </button>
        </div>
      ) : null}
      <div ref={host} className="diagram-svg" role="img" aria-label="Diagram" />
      {state === "rendering" ? <p className="muted">Drawing diagram…</p> : null}
    </figure>
  );
}

let queue: Promise<unknown> = Promise.resolve();

/**
 * Mermaid renders one diagram at a time (it measures text in a shared scratch element). It lays
 * the diagram out inside `host`, where it will be shown, so labels are measured with the fonts and
 * inherited styles they are drawn with; laid out anywhere else, a label measured narrower than it
 * is drawn gets cut off.
 */
function renderDiagram(id: string, source: string, host: HTMLElement): Promise<SVGSVGElement> {
  const next = queue.then(async () => {
    const { default: mermaid } = await import("mermaid");
    await document.fonts.ready;
    mermaid.initialize({
      startOnLoad: false,
      securityLevel: "strict",
      // A diagram that cannot be drawn is shown as source; Mermaid's own error drawing would be left behind.
      suppressErrorRendering: true,
      theme: currentTheme() === "dark" ? "dark" : "default",
      fontFamily: "inherit",
    });
    const { svg } = await mermaid.render(id, source, host);
    const parsed = new DOMParser().parseFromString(svg, "text/html").querySelector("svg");
    if (!parsed) throw new Error("mermaid returned no SVG");
    return atNaturalSize(document.importNode(parsed, true));
  });
  queue = next.catch(() => undefined);
  return next;
}

/**
 * Mermaid sizes a diagram to 100% of its box (`useMaxWidth`), which shrinks a wide one until its
 * labels are unreadable. It is drawn at the size it was laid out for instead; a wide one scrolls.
 */
function atNaturalSize(svg: SVGSVGElement): SVGSVGElement {
  const box = svg.viewBox.baseVal;
  if (box && box.width > 0 && box.height > 0) {
    svg.setAttribute("width", String(box.width));
    svg.setAttribute("height", String(box.height));
    svg.style.removeProperty("max-width");
  }
  return svg;
}
