-- What a personal API token may do: 'read' makes only safe requests (GET, HEAD); 'full' acts as its
-- user in everything but managing tokens. Tokens made before scopes existed keep acting in full.
ALTER TABLE api_tokens ADD COLUMN scope TEXT NOT NULL DEFAULT 'full' CHECK (scope IN ('read', 'full'));
