-- Lists and searches that stay fast at a million users (see ListUsers).

-- Status filters walk only the users of that status, newest first.
CREATE INDEX users_org_status_created ON users (org_id, status, created_at, id);

-- The group filter walks one group's members newest first without sorting
-- them: a membership carries its user's creation time, which never changes.
-- A membership inserted without it (by an older Console) gets it here.
ALTER TABLE memberships ADD COLUMN user_created_at TEXT NOT NULL DEFAULT '';
UPDATE memberships SET user_created_at = (SELECT u.created_at FROM users u
	WHERE u.org_id = memberships.org_id AND u.id = memberships.user_id);
DROP INDEX memberships_group;
CREATE INDEX memberships_group ON memberships (org_id, group_id, user_created_at, user_id);
CREATE TRIGGER memberships_user_created_at AFTER INSERT ON memberships
WHEN NEW.user_created_at = '' BEGIN
	UPDATE memberships SET user_created_at = (SELECT u.created_at FROM users u
		WHERE u.org_id = NEW.org_id AND u.id = NEW.user_id)
	WHERE user_id = NEW.user_id AND group_id = NEW.group_id;
END;

-- Member counts are kept as memberships come and go (cascades included),
-- so neither a page nor a write counts the members of a group.
ALTER TABLE groups ADD COLUMN member_count INTEGER NOT NULL DEFAULT 0;
UPDATE groups SET member_count = (SELECT COUNT(*) FROM memberships m
	WHERE m.org_id = groups.org_id AND m.group_id = groups.id);
CREATE TRIGGER memberships_count_insert AFTER INSERT ON memberships BEGIN
	UPDATE groups SET member_count = member_count + 1 WHERE org_id = NEW.org_id AND id = NEW.group_id;
END;
CREATE TRIGGER memberships_count_delete AFTER DELETE ON memberships BEGIN
	UPDATE groups SET member_count = member_count - 1 WHERE org_id = OLD.org_id AND id = OLD.group_id;
END;

-- Substring search on name and email: a trigram index of the search key,
-- kept by triggers. It holds no copy of the key (content='users'): rows are
-- found by the users table's rowid, which VACUUM and VACUUM INTO keep
-- because the table has indexes (TestSearchSurvivesVacuumInto).
CREATE VIRTUAL TABLE users_search USING fts5(search_key, content = 'users', content_rowid = 'rowid', tokenize = 'trigram');
INSERT INTO users_search (users_search) VALUES ('rebuild');
CREATE TRIGGER users_search_insert AFTER INSERT ON users BEGIN
	INSERT INTO users_search (rowid, search_key) VALUES (NEW.rowid, NEW.search_key);
END;
CREATE TRIGGER users_search_delete AFTER DELETE ON users BEGIN
	INSERT INTO users_search (users_search, rowid, search_key) VALUES ('delete', OLD.rowid, OLD.search_key);
END;
CREATE TRIGGER users_search_update AFTER UPDATE OF search_key ON users
WHEN NEW.search_key IS NOT OLD.search_key BEGIN
	INSERT INTO users_search (users_search, rowid, search_key) VALUES ('delete', OLD.rowid, OLD.search_key);
	INSERT INTO users_search (rowid, search_key) VALUES (NEW.rowid, NEW.search_key);
END;
