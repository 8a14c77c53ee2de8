/** How far into a file a NUL byte marks it as binary, as git itself decides. */
const BINARY_PROBE_BYTES = 8192;

/**
 * A file's bytes as text, or `null` when they look binary (a NUL byte in the first 8 KiB) or are
 * not valid UTF-8. A leading byte-order mark is dropped.
 */
export function decodeText(bytes: Uint8Array): string | null {
  if (bytes.subarray(0, BINARY_PROBE_BYTES).includes(0)) return null;
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}
