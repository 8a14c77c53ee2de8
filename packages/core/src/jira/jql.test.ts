import { describe, expect, it } from "vitest";
import { ProjectAllowList } from "./allow-list.ts";
import { scopeJql, splitJql } from "./jql.ts";

describe("scopeJql", () => {
  it("ANDs the allowed projects around the condition and keeps ORDER BY last", () => {
    expect(scopeJql('status = "In Progress" ORDER BY updated DESC', ["FIN", "OPS"])).toBe(
      '(status = "In Progress") AND project in ("FIN", "OPS") ORDER BY updated DESC',
    );
  });

  it("wraps an OR, so it cannot widen the project restriction", () => {
    expect(scopeJql("project = SECRET OR assignee = currentUser()", ["FIN"])).toBe(
      '(project = SECRET OR assignee = currentUser()) AND project in ("FIN")',
    );
  });

  it("scopes a query that is only an ORDER BY, or empty", () => {
    expect(scopeJql("order by created", ["FIN"])).toBe('project in ("FIN") order by created');
    expect(scopeJql("  ", ["FIN"])).toBe('project in ("FIN")');
  });

  it("does not take ORDER BY or parentheses inside quotes for syntax", () => {
    expect(splitJql('summary ~ "order by (x" ORDER BY key')).toEqual({
      where: 'summary ~ "order by (x"',
      orderBy: "ORDER BY key",
    });
    expect(splitJql("summary ~ 'it\\'s (open' ")).toEqual({ where: "summary ~ 'it\\'s (open'", orderBy: "" });
  });

  it.each([
    ["closing the wrapper early", "status = Done) OR (project = SECRET"],
    ["an unclosed parenthesis", "(status = Done"],
    ["an unterminated string", 'summary ~ "open'],
    ["an escape outside quotes", "summary ~ a\\) OR project = SECRET"],
  ])("refuses %s", (_what, jql) => {
    expect(() => scopeJql(jql, ["FIN"])).toThrow(expect.objectContaining({ code: "invalid_request" }));
  });
});

describe("ProjectAllowList", () => {
  const allow = new ProjectAllowList(["fin", " OPS ", ""]);

  it("normalises keys and accepts issues of allowed projects", () => {
    expect(allow.keys).toEqual(["FIN", "OPS"]);
    expect(allow.assertIssue("fin-12")).toBe("FIN-12");
    expect(allow.assertProject("ops")).toBe("OPS");
  });

  it("refuses other projects as forbidden, naming the allowed ones", () => {
    expect(() => allow.assertIssue("SECRET-1")).toThrow(
      expect.objectContaining({
        code: "forbidden",
        message: expect.stringContaining("Allowed projects: FIN, OPS"),
      }),
    );
    expect(() => allow.assertProject("SECRET")).toThrow(expect.objectContaining({ code: "forbidden" }));
  });

  it("refuses keys that could change the request path", () => {
    for (const key of ["FIN-1/../../myself", "FIN-1?x=1", "FIN-0", "FIN"]) {
      expect(() => allow.assertIssue(key)).toThrow(expect.objectContaining({ code: "invalid_request" }));
    }
    expect(() => allow.assertProject("FIN/../SECRET")).toThrow(
      expect.objectContaining({ code: "invalid_request" }),
    );
  });

  it("refuses every query when no project is allowed", () => {
    expect(() => new ProjectAllowList([]).scope("status = Done")).toThrow(
      expect.objectContaining({
        code: "forbidden",
        message: expect.stringContaining("No project is allowed"),
      }),
    );
  });
});
