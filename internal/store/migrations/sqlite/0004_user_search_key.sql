-- What user search compares: console.UserSearchKey(name, email), folded in
-- Go because the engines' LOWER() does not fold every script alike. NULL
-- until filled: Console fills missing keys after migrating, and searches
-- users without one the old way meanwhile.
ALTER TABLE users ADD COLUMN search_key TEXT;

-- Finds the users without a key at every start without scanning the table.
CREATE INDEX users_search_key_missing ON users (org_id, id) WHERE search_key IS NULL;

-- A change of name or email that does not also set the key (made by an
-- older Console, or by hand) leaves no stale key behind, only a missing one.
CREATE TRIGGER users_search_key_stale AFTER UPDATE OF name, email ON users
WHEN NEW.search_key IS OLD.search_key AND (NEW.name IS NOT OLD.name OR NEW.email IS NOT OLD.email)
BEGIN
	UPDATE users SET search_key = NULL WHERE org_id = NEW.org_id AND id = NEW.id;
END;
