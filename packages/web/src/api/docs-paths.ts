/**
 * The documentation routes of API.md ("Documentation"), which the Api does not serve yet. They are
 * written in the generated file's shape so the client treats them like every other route; once the
 * Api registers them, schema.d.ts has them and this file goes.
 */
type NoParams = { query?: never; header?: never; path?: never; cookie?: never };
type Json<T> = { headers: Record<string, unknown>; content: { "application/json": T } };
type ErrorJson = Json<{ error: { code: string; message: string; requestId: string } }>;

export type DocSetStatus = "queued" | "running" | "completed" | "failed";
export type DocSetSummary = {
  docSetId: string;
  repo: string;
  ref: string;
  commitSha: string | null;
  status: DocSetStatus;
  createdAt: string;
};
export type DocSet = DocSetSummary & { pages: { path: string; title: string }[] };
export type DocsRequest = { repo: string; ref?: string } | { localRepo: string; ref?: string };

type DocSetParams = { query?: never; header?: never; path: { docSetId: string }; cookie?: never };

export interface DocsPaths {
  "/api/docs": {
    parameters: NoParams;
    get: {
      parameters: NoParams;
      requestBody?: never;
      responses: { 200: Json<{ items: DocSetSummary[] }>; 401: ErrorJson };
    };
    post: {
      parameters: NoParams;
      requestBody: { content: { "application/json": DocsRequest } };
      responses: { 202: Json<{ docSetId: string; runId: string }>; 400: ErrorJson; 401: ErrorJson };
    };
  };
  "/api/docs/{docSetId}": {
    parameters: DocSetParams;
    get: {
      parameters: DocSetParams;
      requestBody?: never;
      responses: { 200: Json<DocSet>; 404: ErrorJson };
    };
  };
  "/api/docs/{docSetId}/pages/{path}": {
    parameters: { query?: never; header?: never; path: { docSetId: string; path: string }; cookie?: never };
    get: {
      parameters: { query?: never; header?: never; path: { docSetId: string; path: string }; cookie?: never };
      requestBody?: never;
      responses: {
        200: { headers: Record<string, unknown>; content: { "text/markdown": string } };
        404: ErrorJson;
      };
    };
  };
}
