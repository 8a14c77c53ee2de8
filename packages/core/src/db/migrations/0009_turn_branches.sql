-- Regenerate and edit-and-resend branch a conversation, and a tool result says how its call ended.

-- A question's parent_run_id is the run whose answer it follows (NULL: a first question). An
-- edited question is a sibling of the one it edits (the same parent), so the conversation is a tree
-- and the agent reads only the branch it answers on.
ALTER TABLE messages ADD COLUMN parent_run_id TEXT REFERENCES runs (id) ON DELETE SET NULL;
-- The question a run answers when that is not the message that started it: a regenerated answer,
-- another version beside the first.
ALTER TABLE runs ADD COLUMN question_id TEXT REFERENCES messages (id) ON DELETE CASCADE;
CREATE INDEX runs_by_question ON runs (question_id) WHERE question_id IS NOT NULL;

-- Until now a conversation was one line: each question follows the run of the one before it.
UPDATE messages SET parent_run_id = (
  SELECT p.run_id FROM messages p
  WHERE p.conversation_id = messages.conversation_id AND p.role = 'user' AND p.seq < messages.seq
  ORDER BY p.seq DESC LIMIT 1
) WHERE role = 'user';

-- A tool result's outcome: ok, failed, declined (the person rejected the write) or cancelled (the
-- run stopped first). Declines were stored as failures with the summary "Declined".
UPDATE messages SET tool_calls = json_set(tool_calls, '$[0].outcome',
  CASE
    WHEN json_extract(tool_calls, '$[0].ok') THEN 'ok'
    WHEN json_extract(tool_calls, '$[0].summary') = 'Declined' THEN 'declined'
    ELSE 'failed'
  END)
WHERE role = 'tool' AND json_valid(tool_calls) AND json_type(tool_calls, '$[0]') = 'object';
