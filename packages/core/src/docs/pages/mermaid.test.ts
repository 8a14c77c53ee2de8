import { describe, expect, it } from "vitest";
import { buildFlowchart, mermaidBlock, mermaidBlocks, mermaidIds, mermaidLabel } from "./mermaid.ts";
import { parseFlowchart, validateMermaid } from "./mermaid-check.ts";

const ADVERSARIAL = [
  'say "hi"',
  "a[b]{c}(d)",
  "end",
  "subgraph",
  "日本語 ✓ 😀 ünïcödé",
  "<script>alert(1)</script>",
  "x --> y |z|",
  "#quot; #35; &amp; ;",
  "`code` ```fence```",
  "line\nbreak\r\ttab\u2028sep",
  "ﬂ°°35¶ß",
  "@{ shape: circle }",
  "%% comment",
  "",
  "o",
  "x",
  "style fill:#f00",
  "a".repeat(300),
];

/** A deterministic stream of awkward strings: random code points from ASCII punctuation and beyond. */
function randomLabels(count: number, seed = 7): string[] {
  let state = seed;
  const next = () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state;
  };
  const pool = [..."\"'[](){}<>|;:#&%`\\/-_=+*!?@$^~., \n\tAZaz09é日😀ﬂ°¶ß"];
  return Array.from({ length: count }, () =>
    Array.from({ length: 1 + (next() % 24) }, () => pool[next() % pool.length]).join(""),
  );
}

describe("buildFlowchart", () => {
  it("keeps every node, edge and subgraph through Mermaid's parser, whatever the keys and labels", async () => {
    const labels = [...ADVERSARIAL, ...randomLabels(150)];
    const nodes = labels.map((label, i) => ({ key: `${label}${i}`, label, group: `grp ${i % 4}` }));
    const edges = nodes
      .slice(1)
      .map((node, i) => ({ from: nodes[i]?.key ?? "", to: node.key, label: labels[i] }));
    const groups = [0, 1, 2, 3].map((i) => ({ key: `grp ${i}`, label: labels[i] ?? "" }));
    const source = buildFlowchart({ direction: "TD", nodes, edges, groups });

    expect(await validateMermaid(source)).toEqual({ ok: true, diagramType: "flowchart-v2" });
    const parsed = await parseFlowchart(source);
    expect(parsed.vertices.size).toBe(nodes.length);
    expect(parsed.edges).toHaveLength(edges.length);
    expect(parsed.subgraphs.map((s) => s.nodes.length).reduce((a, b) => a + b, 0)).toBe(nodes.length);
  });

  it("derives distinct word-character ids that cannot collide or become keywords", () => {
    const ids = mermaidIds(["src/a.ts", "src-a.ts", "src_a_ts", "end", "", "💥"]);
    expect([...ids.values()]).toEqual([
      "n_src_a_ts",
      "n_src_a_ts_2",
      "n_src_a_ts_3",
      "n_end",
      "n_x",
      "n_x_2",
    ]);
  });

  it("encodes markup and quotes, flattens line breaks and cuts long labels", () => {
    expect(mermaidLabel('<b>"x"</b>')).toBe("#60;b#62;#34;x#34;#60;/b#62;");
    expect(mermaidLabel("a\nb")).toBe("a b");
    expect([...mermaidLabel("é".repeat(200))]).toHaveLength(80);
  });

  it("refuses an edge to a node it was not given", () => {
    expect(() =>
      buildFlowchart({ nodes: [{ key: "a", label: "A" }], edges: [{ from: "a", to: "b" }] }),
    ).toThrow(/undeclared node/);
  });
});

describe("validateMermaid", () => {
  it("rejects broken diagrams with the parser's message", async () => {
    const broken = ['flowchart LR\n  a["A" --> b["B"]', "flowchart LR\n  end --> b", "flowchart LR\n  a -->"];
    for (const source of broken) {
      const check = await validateMermaid(source);
      expect(check.ok, source).toBe(false);
      if (!check.ok) expect(check.error).toMatch(/Parse error|Expecting/);
    }
  });

  it("finds the diagrams of a page", () => {
    const page = `# T\n\n${mermaidBlock("flowchart LR\n  a --> b")}\n\ntext\n\n${mermaidBlock('pie\n  "x": 1')}\n`;
    expect(mermaidBlocks(page)).toEqual(["flowchart LR\n  a --> b", 'pie\n  "x": 1']);
  });
});
