import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { renderApiTypes, schemaFile } from "./api-types.ts";

describe("the SPA's Api types", () => {
  it("match the Api's OpenAPI document (run `npm run generate:api -w @finchat/web` when this fails)", async () => {
    const current = readFileSync(schemaFile, "utf8");
    const fresh = await renderApiTypes();
    expect(fresh).toContain('"/api/conversations/{id}/messages"');
    expect(current === fresh, "packages/web/src/api/schema.d.ts is stale").toBe(true);
  });
});
