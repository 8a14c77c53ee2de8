/**
 * What a person typed and has not sent yet, kept in this tab's sessionStorage per person and
 * conversation: a send that fails (a session that ended, the Api unreachable) or a reload does not
 * lose it, and it is forgotten once the question is stored.
 */
const keyOf = (userId: string, conversationId: string | null) =>
  `finchat.draft.${userId}.${conversationId ?? "new"}`;

export function loadDraft(userId: string, conversationId: string | null): string {
  try {
    return sessionStorage.getItem(keyOf(userId, conversationId)) ?? "";
  } catch {
    return "";
  }
}

export function saveDraft(userId: string, conversationId: string | null, text: string): void {
  try {
    if (text) sessionStorage.setItem(keyOf(userId, conversationId), text);
    else sessionStorage.removeItem(keyOf(userId, conversationId));
  } catch {
    // Storage full or refused: the text stays in the box, it just cannot survive a reload.
  }
}
