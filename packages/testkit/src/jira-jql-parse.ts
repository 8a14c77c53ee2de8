/**
 * A parser for the subset of JQL the testkit Jira server understands: clauses joined by AND, OR,
 * NOT and parentheses, the operators = != ~ !~ > >= < <= IN, NOT IN, IS, IS NOT, lists, functions
 * and ORDER BY. A query outside the subset is a 400, as Jira answers a query it cannot parse.
 */

export type JqlValue =
  | { kind: "text"; value: string }
  | { kind: "list"; items: JqlValue[] }
  | { kind: "fn"; name: string; args: string[] }
  | { kind: "empty" };

export type JqlOperator =
  | "="
  | "!="
  | "~"
  | "!~"
  | ">"
  | ">="
  | "<"
  | "<="
  | "in"
  | "not in"
  | "is"
  | "is not";

export type JqlExpr =
  | { kind: "and"; left: JqlExpr; right: JqlExpr }
  | { kind: "or"; left: JqlExpr; right: JqlExpr }
  | { kind: "not"; expr: JqlExpr }
  | { kind: "clause"; field: string; op: JqlOperator; value: JqlValue };

export interface JqlQuery {
  where: JqlExpr | undefined;
  orderBy: { field: string; direction: "asc" | "desc" }[];
}

/** Thrown for a query the server cannot parse; answered as a 400 with Jira's error shape. */
export class JqlError extends Error {
  override name = "JqlError";
}

type Token = { type: "word" | "string" | "op" | "punct"; text: string };

const OPERATORS = ["!=", "!~", ">=", "<=", "=", "~", ">", "<"];

function tokenize(jql: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < jql.length) {
    const ch = jql[i] as string;
    if (/\s/.test(ch)) {
      i += 1;
    } else if (ch === '"' || ch === "'") {
      let text = "";
      let j = i + 1;
      for (; j < jql.length && jql[j] !== ch; j += 1) {
        if (jql[j] === "\\") j += 1;
        text += jql[j] ?? "";
      }
      if (j >= jql.length) throw new JqlError("Error in the JQL Query: unterminated quoted string");
      tokens.push({ type: "string", text });
      i = j + 1;
    } else if ("(),".includes(ch)) {
      tokens.push({ type: "punct", text: ch });
      i += 1;
    } else {
      const op = OPERATORS.find((o) => jql.startsWith(o, i));
      if (op) {
        tokens.push({ type: "op", text: op });
        i += op.length;
        continue;
      }
      const word = /^[^\s()",'=!~<>]+/.exec(jql.slice(i));
      if (!word)
        throw new JqlError(`Error in the JQL Query: the character '${ch}' is a reserved JQL character`);
      tokens.push({ type: "word", text: word[0] });
      i += word[0].length;
    }
  }
  return tokens;
}

class Parser {
  #tokens: Token[];
  #at = 0;

  constructor(tokens: Token[]) {
    this.#tokens = tokens;
  }

  query(): JqlQuery {
    const where = this.#peekKeyword("order") || this.#done() ? undefined : this.#or();
    const orderBy: JqlQuery["orderBy"] = [];
    if (this.#keyword("order")) {
      if (!this.#keyword("by")) throw new JqlError("Error in the JQL Query: expecting 'by' after 'order'");
      do {
        const field = this.#fieldName();
        const descending = this.#keyword("desc");
        if (!descending) this.#keyword("asc");
        orderBy.push({ field, direction: descending ? "desc" : "asc" });
      } while (this.#punct(","));
    }
    if (!this.#done()) throw new JqlError(`Error in the JQL Query: unexpected '${this.#peek()?.text}'`);
    return { where, orderBy };
  }

  #or(): JqlExpr {
    let left = this.#and();
    while (this.#keyword("or")) left = { kind: "or", left, right: this.#and() };
    return left;
  }

  #and(): JqlExpr {
    let left = this.#not();
    while (this.#keyword("and")) left = { kind: "and", left, right: this.#not() };
    return left;
  }

  #not(): JqlExpr {
    if (this.#keyword("not")) return { kind: "not", expr: this.#not() };
    if (this.#punct("(")) {
      const inner = this.#or();
      if (!this.#punct(")")) throw new JqlError("Error in the JQL Query: expecting ')'");
      return inner;
    }
    const field = this.#fieldName();
    const op = this.#operator();
    return { kind: "clause", field, op, value: this.#value(op) };
  }

  #operator(): JqlOperator {
    const token = this.#peek();
    if (token?.type === "op") {
      this.#at += 1;
      return token.text as JqlOperator;
    }
    if (this.#keyword("in")) return "in";
    if (this.#keyword("is")) return this.#keyword("not") ? "is not" : "is";
    if (this.#keyword("not")) {
      if (this.#keyword("in")) return "not in";
    }
    throw new JqlError(`Error in the JQL Query: expecting an operator but got '${token?.text ?? "the end"}'`);
  }

  #value(op: JqlOperator): JqlValue {
    if (op === "is" || op === "is not") {
      if (this.#keyword("empty") || this.#keyword("null")) return { kind: "empty" };
      throw new JqlError("Error in the JQL Query: expecting EMPTY or NULL after IS");
    }
    if (this.#punct("(")) {
      const items: JqlValue[] = [];
      if (!this.#punct(")")) {
        do items.push(this.#single());
        while (this.#punct(","));
        if (!this.#punct(")")) throw new JqlError("Error in the JQL Query: expecting ')' after the list");
      }
      return { kind: "list", items };
    }
    return this.#single();
  }

  #single(): JqlValue {
    const token = this.#take();
    if (token.type === "string") return { kind: "text", value: token.text };
    if (token.type !== "word")
      throw new JqlError(`Error in the JQL Query: expecting a value but got '${token.text}'`);
    if (/^(empty|null)$/i.test(token.text)) return { kind: "empty" };
    if (this.#punct("(")) {
      const args: string[] = [];
      while (!this.#punct(")")) {
        args.push(this.#take().text);
        this.#punct(",");
      }
      return { kind: "fn", name: token.text.toLowerCase(), args };
    }
    return { kind: "text", value: token.text };
  }

  #fieldName(): string {
    const token = this.#take();
    if (token.type !== "word" && token.type !== "string") {
      throw new JqlError(`Error in the JQL Query: expecting a field name but got '${token.text}'`);
    }
    return token.text.toLowerCase();
  }

  #take(): Token {
    const token = this.#tokens[this.#at];
    if (!token) throw new JqlError("Error in the JQL Query: the query ended too soon");
    this.#at += 1;
    return token;
  }

  #peek(): Token | undefined {
    return this.#tokens[this.#at];
  }

  #done(): boolean {
    return this.#at >= this.#tokens.length;
  }

  #peekKeyword(word: string): boolean {
    const token = this.#peek();
    return token?.type === "word" && token.text.toLowerCase() === word;
  }

  #keyword(word: string): boolean {
    if (!this.#peekKeyword(word)) return false;
    this.#at += 1;
    return true;
  }

  #punct(ch: string): boolean {
    const token = this.#peek();
    if (token?.type !== "punct" || token.text !== ch) return false;
    this.#at += 1;
    return true;
  }
}

/** Parses JQL. @throws JqlError for anything outside the supported subset. */
export function parseJql(jql: string): JqlQuery {
  return new Parser(tokenize(jql)).query();
}
