import { settingsFor } from "./settings.ts";

/**
 * The settings of the stage being deployed. FINCHAT_DOMAIN is read at deploy time on the
 * deployer's machine (or CI), never by the running app.
 */
export const stage = settingsFor($app.stage, process.env.FINCHAT_DOMAIN);
