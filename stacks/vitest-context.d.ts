// What tests/global-setup.ts provides to stacks/*.test.ts (declared there too; that file is
// outside the infra type-check, tsconfig.sst.json).
import "vitest";

declare module "vitest" {
  export interface ProvidedContext {
    s3: { endpoint: string; bucket: string; accessKeyId: string; secretAccessKey: string };
  }
}
