import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { referenceContentSecurityPolicy } from "../../functions/http/reference.ts";
import { launchChromium, openPage, startWebStack } from "./support.ts";

let stack: Awaited<ReturnType<typeof startWebStack>>;
let browser: Browser;

beforeAll(async () => {
  [stack, browser] = await Promise.all([startWebStack(), launchChromium()]);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

describe("the API reference page", () => {
  it("renders every operation under its strict CSP, with no violation reported", async () => {
    const context = await browser.newContext({ baseURL: stack.url });
    try {
      const violations: string[] = [];
      const { page, problems } = await openPage(context, "about:blank");
      page.on("console", (message) => {
        if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
      });
      const res = await page.goto("/api/reference");
      expect(res?.headers()["content-security-policy"]).toBe(referenceContentSecurityPolicy);
      await page.getByText("/api/auth/login").first().waitFor();
      await page.getByText("/api/tokens/{id}").first().waitFor();
      expect(violations).toEqual([]);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
