-- Lists and searches that stay fast at a million users (see ListUsers).

-- Status filters walk only the users of that status, newest first.
CREATE INDEX users_org_status_created ON users (org_id, status, created_at, id);

-- The group filter walks one group's members newest first without sorting
-- them: a membership carries its user's creation time, which never changes.
-- A membership inserted without it (by an older Console) gets it here.
ALTER TABLE memberships ADD COLUMN user_created_at TIMESTAMPTZ;
UPDATE memberships m SET user_created_at = u.created_at FROM users u WHERE u.org_id = m.org_id AND u.id = m.user_id;
ALTER TABLE memberships ALTER COLUMN user_created_at SET NOT NULL;
DROP INDEX memberships_group;
CREATE INDEX memberships_group ON memberships (org_id, group_id, user_created_at, user_id);
CREATE FUNCTION memberships_user_created_at() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF NEW.user_created_at IS NULL THEN
		SELECT u.created_at INTO NEW.user_created_at FROM users u WHERE u.org_id = NEW.org_id AND u.id = NEW.user_id;
	END IF;
	RETURN NEW;
END
$$;
CREATE TRIGGER memberships_user_created_at BEFORE INSERT ON memberships
FOR EACH ROW EXECUTE FUNCTION memberships_user_created_at();

-- Member counts are kept as memberships come and go (cascades included),
-- so neither a page nor a write counts the members of a group.
ALTER TABLE groups ADD COLUMN member_count INTEGER NOT NULL DEFAULT 0;
UPDATE groups g SET member_count = (SELECT COUNT(*) FROM memberships m WHERE m.org_id = g.org_id AND m.group_id = g.id);
CREATE FUNCTION memberships_count() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP = 'INSERT' THEN
		UPDATE groups SET member_count = member_count + 1 WHERE org_id = NEW.org_id AND id = NEW.group_id;
	ELSE
		UPDATE groups SET member_count = member_count - 1 WHERE org_id = OLD.org_id AND id = OLD.group_id;
	END IF;
	RETURN NULL;
END
$$;
CREATE TRIGGER memberships_count AFTER INSERT OR DELETE ON memberships
FOR EACH ROW EXECUTE FUNCTION memberships_count();

-- Substring search on name and email: a pg_trgm index of the search key.
-- pg_trgm is a trusted extension (PostgreSQL 13+): the database's owner may
-- create it. It is created once per database, in schema public unless an
-- administrator put it elsewhere, and its operator class is named with that
-- schema so that schemas sharing the database all find it.
DO $$
DECLARE
	ext_schema TEXT;
BEGIN
	SELECT n.nspname INTO ext_schema FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
	WHERE e.extname = 'pg_trgm';
	IF ext_schema IS NULL THEN
		CREATE EXTENSION pg_trgm WITH SCHEMA public;
		ext_schema := 'public';
	END IF;
	EXECUTE format('CREATE INDEX users_search_trgm ON users USING gin (search_key %I.gin_trgm_ops)', ext_schema);
END
$$;
