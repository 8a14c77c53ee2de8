import type { LineRange } from "../analysis/types.ts";
import { type CiteContext, citeIn, isLocalLabel, parseAnchor, parseCitationUrl } from "./cite.ts";
import type { SourceRef } from "./types.ts";

/**
 * Model-written prose is untrusted text (the files it was written from may carry instructions):
 * only citations of the page's own sources survive, normalised to the page's commit; every other
 * link, image, bare URL or citation of another file is removed; raw HTML is escaped; diagrams are
 * dropped (the skeleton's are the checked ones); headings are kept below the page's own sections.
 */

const FENCE = /^```([^\n]*)\n[\s\S]*?^```[ \t]*$/gm;
const PLAIN_CITATION = /`?([\w.-]+\/[\w.-]+)@([0-9a-f]{7,40}):([^\s`#)\]]+)(?:#(L\d+(?:-L\d+)?))?`?/g;
const IMAGE = /!\[(?:\\.|[^\]\\])*\]\([^)]*\)/g;
const LINK = /\[((?:\\.|[^\]\\])*)\]\(\s*<?([^)\s>]*)>?(?:\s+"[^"]*")?\s*\)/g;
const BARE_URL = /<?\b(?:https?:\/\/|www\.)[^\s<>)\]]*>?/gi;
const LINK_DEFINITION = /^ {0,3}\[[^\]\n]+\]:[ \t]*\S.*$/gm;

export interface CleanProse {
  markdown: string;
  /** Links, images, URLs and citations removed because they did not point at one of the page's sources. */
  removed: number;
}

/** `raw` with only the citations of `sources` kept (see the module comment). */
export function cleanProse(raw: string, context: CiteContext, sources: SourceRef[]): CleanProse {
  const known = new Map(sources.map((s) => [s.path, s]));
  const kept: string[] = [];
  let removed = 0;
  const keep = (markdown: string) => `\uE000${kept.push(markdown) - 1}\uE001`;
  const drop = (replacement = "") => {
    removed += 1;
    return replacement;
  };
  const linked = (url: string): string | null => {
    const target = isLocalLabel(context.label) ? null : parseCitationUrl(context, url);
    return target && citation(target.path, target.lines);
  };
  const citation = (path: string, lines: LineRange | null | undefined): string | null => {
    const source = known.get(path);
    if (!source) return null;
    const whole = source.lines > 0 ? { start: 1, end: source.lines } : undefined;
    return citeIn(context, path, lines && lines.end <= source.lines ? lines : whole);
  };

  const clean = (segment: string) =>
    escapeHtml(
      segment
        .replace(PLAIN_CITATION, (_, label: string, _sha: string, path: string, anchor?: string) => {
          const cited = label === context.label ? citation(path, parseAnchor(anchor ?? "")) : null;
          return cited ? keep(cited) : drop();
        })
        .replace(IMAGE, () => drop())
        .replace(LINK_DEFINITION, () => drop())
        .replace(LINK, (_, text: string, url: string) => {
          const cited = linked(url);
          if (!cited) return drop(text);
          return `[${text}](${keep(cited.slice(cited.lastIndexOf("](") + 2, -1))})`;
        })
        .replace(BARE_URL, (url) => {
          const cited = linked(url.replace(/^<|>$/g, ""));
          return cited ? keep(cited) : drop();
        })
        .replace(/^#{1,2}(?=\s)/gm, "###"),
    );

  const text = raw.replace(/\r\n?/g, "\n").replace(/[\uE000\uE001]/g, "");
  const parts: string[] = [];
  let last = 0;
  for (const fence of text.matchAll(FENCE)) {
    parts.push(clean(text.slice(last, fence.index)));
    if ((fence[1] ?? "").trim().split(/\s+/)[0] !== "mermaid") parts.push(fence[0]);
    last = fence.index + fence[0].length;
  }
  parts.push(clean(text.slice(last)));
  const markdown = parts
    .join("")
    .replace(/\uE000(\d+)\uE001/g, (_, i: string) => kept[Number(i)] ?? "")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
  return { markdown, removed };
}

/** Escapes `<` outside code spans, so no HTML the model wrote reaches a page. */
function escapeHtml(text: string): string {
  return text
    .split(/(`+[^`]*`+)/)
    .map((part, i) => (i % 2 === 1 ? part : part.replace(/</g, "&lt;")))
    .join("");
}
