import { parseReleaseStrategy } from "./release.ts";
import { settingsFor } from "./settings.ts";

/**
 * The settings of the stage being deployed. FINCHAT_DOMAIN (and FINCHAT_RELEASE, which overrides
 * the stage's release strategy: rolling, blue-green or canary) are read at deploy time on the
 * deployer's machine (or CI), never by the running app.
 */
export const stage = settingsFor(
  $app.stage,
  process.env.FINCHAT_DOMAIN,
  parseReleaseStrategy(process.env.FINCHAT_RELEASE),
  process.env.FINCHAT_ALERT_EMAIL || undefined,
);
