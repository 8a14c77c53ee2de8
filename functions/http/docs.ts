import * as DocPages from "@finchat/core/db/doc-pages";
import * as DocSets from "@finchat/core/db/doc-sets";
import { exportFolderName } from "@finchat/core/docs/export";
import { enqueueDocsGeneration } from "@finchat/core/docs/jobs";
import { resolveTarget } from "@finchat/core/docs/sources";
import { type DocsLocation, docsKeys, getManifest } from "@finchat/core/docs/store";
import { AppError } from "@finchat/core/errors";
import { createRoute, z } from "@hono/zod-openapi";
import {
  DocSetList,
  DocSetParam,
  DocSetView,
  DocsAccepted,
  DocsRequestBody,
  DocsSources,
  ExportQuery,
  ListQuery,
  PageParams,
  summaryOf,
} from "./docs-schemas.ts";
import { enqueueOr503 } from "./enqueue.ts";
import type { ApiDeps, AuthedEnv } from "./env.ts";
import { requireUser } from "./middleware.ts";
import { createRouter, errorResponses } from "./router.ts";
import { jsonBody, jsonResponse } from "./schemas.ts";

const request = createRoute({
  method: "post",
  path: "/docs",
  tags: ["docs"],
  summary: "Generate documentation for an allowed GitHub repository or a configured local checkout",
  description:
    "Progress streams as `docs.progress` events from GET /api/runs/{runId}/events. A second request " +
    "for a commit that already has documentation ends with that set.",
  request: { body: jsonBody(DocsRequestBody) },
  responses: {
    202: jsonResponse(DocsAccepted, "Queued"),
    ...errorResponses(400, 401, 403, 415, 422, 429, 503),
  },
});
const list = createRoute({
  method: "get",
  path: "/docs",
  tags: ["docs"],
  summary: "Documentation sets, newest first",
  request: { query: ListQuery },
  responses: { 200: jsonResponse(DocSetList, "One page"), ...errorResponses(400, 401) },
});
// Registered before `get`, which would take "sources" for a set's id.
const sources = createRoute({
  method: "get",
  path: "/docs/sources",
  tags: ["docs"],
  summary: "What documentation can be requested for: GitHub (when configured) and local repositories",
  responses: { 200: jsonResponse(DocsSources, "The sources"), ...errorResponses(401) },
});
const get = createRoute({
  method: "get",
  path: "/docs/{docSetId}",
  tags: ["docs"],
  summary: "A documentation set with its pages and manifest",
  request: { params: DocSetParam },
  responses: { 200: jsonResponse(DocSetView, "The set"), ...errorResponses(401, 404) },
});
const page = createRoute({
  method: "get",
  path: "/docs/{docSetId}/pages/{path}",
  tags: ["docs"],
  summary: "One page's Markdown",
  request: { params: PageParams },
  responses: {
    200: { description: "The page", content: { "text/markdown": { schema: z.string() } } },
    ...errorResponses(401, 404),
  },
});
const download = createRoute({
  method: "get",
  path: "/docs/{docSetId}/export",
  tags: ["docs"],
  summary: "The whole set as a download (zip, or one HTML file)",
  request: { params: DocSetParam, query: ExportQuery },
  responses: {
    200: {
      description: "The export",
      content: {
        "application/zip": { schema: z.string().openapi({ format: "binary" }) },
        "text/html": { schema: z.string() },
      },
    },
    ...errorResponses(400, 401, 404, 409, 429),
  },
});

export function docsRoutes(deps: ApiDeps) {
  const app = createRouter<AuthedEnv>();
  app.use("/docs", requireUser).use("/docs/*", requireUser);
  // A page path has slashes, which a route built from `page` cannot match: the route is described
  // in the OpenAPI document and served by the handler below it.
  app.openAPIRegistry.registerPath(page);

  return app
    .openapi(request, async (c) => {
      const body = c.req.valid("json");
      const target = resolveTarget(deps.config, body);
      const { docSet } = await DocSets.request(deps.db, {
        ...target,
        userId: c.var.user.id,
        ...(body.ref ? { ref: body.ref } : {}),
      });
      const runId = docSet.runId ?? "";
      if (docSet.status === "queued") {
        await enqueueOr503(() =>
          enqueueDocsGeneration(deps.producer, { docSetId: docSet.id, runId, label: docSet.label }),
        );
      }
      return c.json({ docSetId: docSet.id, runId }, 202);
    })
    .openapi(list, async (c) => {
      const { limit, cursor } = c.req.valid("query");
      const found = await DocSets.list(deps.db, { limit, ...(cursor ? { cursor } : {}) });
      return c.json({ items: found.items.map(summaryOf), nextCursor: found.nextCursor }, 200);
    })
    .openapi(sources, (c) =>
      c.json(
        {
          github: { configured: Boolean(deps.config.github.token), allow: [...deps.config.github.allow] },
          local: Object.keys(deps.config.localRepos),
        },
        200,
      ),
    )
    .openapi(get, async (c) => {
      const docSet = await load(deps, c.req.valid("param").docSetId);
      const source = await pagesOwner(deps, docSet);
      const pages = await DocPages.list(deps.db, source.id);
      const location = locationOf(source);
      const manifest =
        source.status === "completed" && location ? await getManifest(deps.blobs, location) : null;
      return c.json(
        {
          ...summaryOf(docSet),
          runId: docSet.requestedBy === c.var.user.id ? docSet.runId : null,
          pages: pages.map((p) => ({ path: p.path, title: p.title })),
          manifest,
        },
        200,
      );
    })
    .openapi(download, async (c) => {
      const docSet = await load(deps, c.req.valid("param").docSetId);
      const { format } = c.req.valid("query");
      const location = locationOf(await pagesOwner(deps, docSet));
      if (docSet.status !== "completed" || !location) {
        throw new AppError(
          "conflict",
          `The documentation is ${docSet.status}; it can be downloaded once completed`,
        );
      }
      const key = format === "zip" ? docsKeys.exportZip(location) : docsKeys.exportHtml(location);
      const object = await deps.blobs.getStream(key);
      if (!object) throw new AppError("not_found", "The export of this documentation set is missing");
      const filename = `${exportFolderName(location)}.${format}`;
      return c.body(object.body, 200, {
        "content-type": format === "zip" ? "application/zip" : "text/html; charset=utf-8",
        "content-disposition": `attachment; filename="${filename}"`,
        ...(object.bytes !== undefined ? { "content-length": String(object.bytes) } : {}),
      });
    })
    .get("/docs/:docSetId/pages/:path{.+}", async (c) => {
      const params = PageParams.safeParse(c.req.param());
      if (!params.success) throw new AppError("invalid_request", "Invalid page address");
      const source = await pagesOwner(deps, await load(deps, params.data.docSetId));
      const found = await DocPages.find(deps.db, source.id, params.data.path);
      const bytes = found ? await deps.blobs.get(found.s3Key) : null;
      if (!bytes) throw new AppError("not_found", "No such page in this documentation set");
      return c.body(new TextDecoder().decode(bytes), 200, {
        "content-type": "text/markdown; charset=utf-8",
      });
    });
}

async function load(deps: ApiDeps, id: string): Promise<DocSets.DocSet> {
  const docSet = await DocSets.get(deps.db, id);
  if (!docSet) throw new AppError("not_found", "No such documentation set");
  return docSet;
}

/** The set whose pages a set shows: itself, or the completed set it turned out to repeat. */
async function pagesOwner(deps: ApiDeps, docSet: DocSets.DocSet): Promise<DocSets.DocSet> {
  return docSet.sameAs ? ((await DocSets.get(deps.db, docSet.sameAs)) ?? docSet) : docSet;
}

function locationOf(docSet: DocSets.DocSet): DocsLocation | null {
  return docSet.commitSha ? { label: docSet.label, commitSha: docSet.commitSha } : null;
}
