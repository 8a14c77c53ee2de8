import type { FileFacts } from "./types.ts";

const MAX_TERMS = 30;
const MAX_PATHS = 3;
const TYPE_KINDS = new Set(["class", "interface", "type"]);

/** Words that name programming machinery rather than the domain. */
const GENERIC = new Set(
  (
    "error errors options option config configuration props input inputs output outputs result results type types " +
    "schema schemas deps dependencies handler handlers request requests response responses info data params param " +
    "args arg state context base impl test tests mock mocks fake fixture fixtures env spec item items list map set " +
    "record records entry entries value values key keys name names kind kinds status code init default get create " +
    "update delete new old the and for with from api http json url fn callback factory builder manager service " +
    "helper util utils interface class function object array string number boolean promise async sync like partial " +
    "readonly omit pick event events client server store row rows opts settings payload body query parsed raw " +
    "internal public private props meta metadata one all any none base"
  ).split(" "),
);

/**
 * Candidate domain terms: the words of exported class, interface and type names (`DocSet` gives
 * "Doc" and "Set"), two words that nearly always come together kept as one (`GitHub`, `OpenAI`),
 * generic programming words left out, ranked by how many files define a type using the term, then
 * by how often. Test files are left out. Each term lists the files that use it most.
 */
export function glossary(facts: FileFacts[]): { term: string; paths: string[] }[] {
  const names = facts.flatMap((file) =>
    file.isTest
      ? []
      : file.exports
          .filter((s) => TYPE_KINDS.has(s.kind))
          .map((s) => ({ path: file.path, words: wordsOf(s.name) })),
  );
  const fused = fusedPairs(names.map((n) => n.words));
  const uses = new Map<string, { term: string; byPath: Map<string, number> }>();
  for (const { path, words } of names) {
    for (const term of termsOf(words, fused)) {
      const key = term.toLowerCase();
      if (key.length < 3 || GENERIC.has(key)) continue;
      const entry = uses.get(key) ?? { term, byPath: new Map<string, number>() };
      entry.byPath.set(path, (entry.byPath.get(path) ?? 0) + 1);
      uses.set(key, entry);
    }
  }
  return [...uses.values()]
    .map(({ term, byPath }) => ({ term, byPath, total: [...byPath.values()].reduce((a, b) => a + b, 0) }))
    .sort((a, b) => b.byPath.size - a.byPath.size || b.total - a.total || a.term.localeCompare(b.term))
    .slice(0, MAX_TERMS)
    .map(({ term, byPath }) => ({
      term,
      paths: [...byPath]
        .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
        .slice(0, MAX_PATHS)
        .map(([path]) => path),
    }));
}

/** Adjacent word pairs (`git hub`) found together in at least 80% of either word's uses, twice or more. */
function fusedPairs(names: string[][]): Set<string> {
  const words = new Map<string, number>();
  const pairs = new Map<string, number>();
  for (const name of names) {
    name.forEach((word, i) => {
      words.set(word.toLowerCase(), (words.get(word.toLowerCase()) ?? 0) + 1);
      const next = name[i + 1];
      if (next) pairs.set(pairKey(word, next), (pairs.get(pairKey(word, next)) ?? 0) + 1);
    });
  }
  const fused = new Set<string>();
  for (const [pair, count] of pairs) {
    const [first = "", second = ""] = pair.split(" ");
    const often = (word: string) => count >= 0.8 * (words.get(word) ?? 0);
    if (count >= 2 && often(first) && often(second)) fused.add(pair);
  }
  return fused;
}

function termsOf(words: string[], fused: Set<string>): string[] {
  const terms: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const word = words[i] ?? "";
    const next = words[i + 1];
    if (next && fused.has(pairKey(word, next))) {
      terms.push(word + next);
      i++;
    } else terms.push(word);
  }
  return terms;
}

function pairKey(first: string, second: string): string {
  return `${first.toLowerCase()} ${second.toLowerCase()}`;
}

/** `HTTPServerConfig` → HTTP, Server, Config; `doc_set` → Doc, Set. */
function wordsOf(name: string): string[] {
  const words = name.match(/[A-Z]+(?![a-z])|[A-Z]?[a-z]+/g) ?? [];
  return words.map((w) => (w === w.toUpperCase() ? w : w[0]?.toUpperCase() + w.slice(1)));
}
