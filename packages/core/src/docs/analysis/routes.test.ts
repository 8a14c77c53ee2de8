import { describe, expect, it } from "vitest";
import { extractFileFacts } from "./file-facts.ts";

const routes = (path: string, text: string) =>
  extractFileFacts({ path, blobSha: "0", size: text.length }, text).routes.map((r) => [
    r.method,
    r.path,
    r.lines.start,
    r.lines.end,
  ]);

describe("HTTP routes", () => {
  it("finds Hono/Express calls, chained ones and createRoute objects", () => {
    const text = [
      'import { Hono } from "hono";', // 1
      'import { createRoute } from "@hono/zod-openapi";', // 2
      "const app = new Hono();", // 3
      'app.get("/health", (c) => c.text("ok"));', // 4
      'app.post("/invoices", async (c) => {', // 5
      "  return c.json({});", // 6
      '}).delete("/invoices/:id", handler);', // 7
      '// app.get("/commented", h);', // 8
      "const route = createRoute({", // 9
      '  method: "patch",', // 10
      '  path: "/invoices/{id}",', // 11
      "});", // 12
      'router.all("/proxy/*", h);', // 13
      'const headers = c.req.header("x"); map.get("key");', // 14
    ].join("\n");
    expect(routes("api/app.ts", text)).toEqual([
      ["GET", "/health", 4, 4],
      ["POST", "/invoices", 5, 7],
      ["DELETE", "/invoices/:id", 7, 7],
      ["PATCH", "/invoices/{id}", 9, 12],
      ["ANY", "/proxy/*", 13, 13],
    ]);
  });

  it("finds Fastify route objects with several methods", () => {
    const text =
      'import Fastify from "fastify";\nfastify.route({ method: ["GET", "HEAD"], url: "/ping", handler });';
    expect(routes("server.js", text)).toEqual([
      ["GET", "/ping", 2, 2],
      ["HEAD", "/ping", 2, 2],
    ]);
  });

  it("leaves HTTP client calls alone", () => {
    expect(
      routes("web/api.ts", 'import axios from "axios";\naxios.get("/api/me");\napi.post("/x", {});'),
    ).toEqual([]);
    expect(
      routes("test/e2e.ts", 'import { serve } from "@hono/node-server";\nawait page.request.get("/api/me");'),
    ).toEqual([]);
  });

  it("finds Flask and FastAPI decorators with the decorated function's lines", () => {
    const text = [
      "from flask import Flask", // 1
      "app = Flask(__name__)", // 2
      "", // 3
      '@app.route("/invoices", methods=["GET", "POST"])', // 4
      "def invoices():", // 5
      "    return []", // 6
      "", // 7
      '@bp.route("/about")', // 8
      "def about():", // 9
      "    pass", // 10
      "", // 11
      '@router.delete("/items/{item_id}")', // 12
      "async def remove(item_id: int):", // 13
      "    ...", // 14
    ].join("\n");
    expect(routes("app.py", text)).toEqual([
      ["GET", "/invoices", 4, 6],
      ["POST", "/invoices", 4, 6],
      ["GET", "/about", 8, 10],
      ["DELETE", "/items/{item_id}", 12, 14],
    ]);
  });

  it("finds net/http, gorilla, Go 1.22 patterns and gin-style routes", () => {
    const text = [
      "package main", // 1
      "func routes(mux *http.ServeMux, r *mux.Router, g *gin.Engine) {", // 2
      '\thttp.HandleFunc("/health", health)', // 3
      '\tmux.HandleFunc("GET /items/{id}", getItem)', // 4
      '\tr.HandleFunc("/pay", pay).Methods("POST", "PUT")', // 5
      '\tg.GET("/ping", func(c *gin.Context) {', // 6
      '\t\tc.String(200, "pong")', // 7
      "\t})", // 8
      '\t// http.Handle("/commented", h)', // 9
      "}", // 10
    ].join("\n");
    expect(routes("main.go", text)).toEqual([
      ["ANY", "/health", 3, 3],
      ["GET", "/items/{id}", 4, 4],
      ["POST", "/pay", 5, 5],
      ["PUT", "/pay", 5, 5],
      ["GET", "/ping", 6, 8],
    ]);
  });
});
