export { analyse } from "./analyse.ts";
export { extractFileFacts, isTestPath } from "./file-facts.ts";
export { FolderGrouping } from "./groups.ts";
export { languageOf } from "./languages.ts";
export type * from "./types.ts";
