import { AppError } from "../errors.ts";

/**
 * Branch, tag and commit names the readers accept: git's usual characters, nothing that could
 * be taken for a command-line option (a leading `-`), no ranges (`..`).
 */
const SAFE_REF = /^[A-Za-z0-9._/+^~@-]{1,250}$/;

/** @throws AppError `invalid_request` when `ref` is not a plain branch, tag or commit name. */
export function assertSafeRef(ref: string): string {
  if (!SAFE_REF.test(ref) || ref.startsWith("-") || ref.includes("..")) {
    throw new AppError(
      "invalid_request",
      `"${ref.slice(0, 80)}" is not a branch, tag or commit name the repository reader accepts`,
    );
  }
  return ref;
}
