-- What user search compares: console.UserSearchKey(name, email), folded in
-- Go because the engines' LOWER() does not fold every script alike. NULL
-- until filled; Console fills missing keys after migrating.
ALTER TABLE users ADD COLUMN search_key TEXT;
