import { uuidv7 } from "uuidv7";

/** A new random id that sorts by creation time (UUIDv7). */
export function newId(): string {
  return uuidv7();
}
