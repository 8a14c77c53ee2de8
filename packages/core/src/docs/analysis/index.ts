export { analyse } from "./analyse.ts";
export { extractFileFacts } from "./file-facts.ts";
export { FolderGrouping } from "./groups.ts";
export type * from "./types.ts";
