import { common, createLowlight } from "lowlight";

/** Loaded on demand (see code-block.tsx): the highlighter and its grammars are not in the first download. */
export const lowlight = createLowlight(common);
