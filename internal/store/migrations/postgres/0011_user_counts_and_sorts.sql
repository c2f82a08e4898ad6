-- Counts and sort orders for the users list that stay exact and cheap at a
-- million users (see UserCount and ListUsers).

-- How many users of each status an organization has, kept by triggers in
-- the transaction of every change, so that a page never counts users.
-- Every organization has a row per status (made with it), so that changes
-- only update rows. Each trigger locks the rows it changes in key order
-- first (FOR UPDATE ... ORDER BY), so that two changes cannot deadlock
-- whatever order their UPDATE happens to visit the rows in.
CREATE TABLE user_counts (
    org_id  TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    status  TEXT NOT NULL,
    n       BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (org_id, status)
);
INSERT INTO user_counts (org_id, status, n)
SELECT o.id, s.status, (SELECT COUNT(*) FROM users u WHERE u.org_id = o.id AND u.status = s.status)
FROM organizations o, (VALUES ('invited'), ('active'), ('inactive')) s (status);
CREATE FUNCTION user_counts_org() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO user_counts (org_id, status) VALUES (NEW.id, 'invited'), (NEW.id, 'active'), (NEW.id, 'inactive');
	RETURN NULL;
END
$$;
CREATE TRIGGER user_counts_org AFTER INSERT ON organizations FOR EACH ROW EXECUTE FUNCTION user_counts_org();
-- Inserts and deletes are counted once a statement (a bulk import's COPY
-- is one update of each count, not one per user).
CREATE FUNCTION user_counts_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	PERFORM 1 FROM user_counts WHERE (org_id, status) IN (SELECT org_id, status FROM new_users)
	ORDER BY org_id, status FOR UPDATE;
	UPDATE user_counts c SET n = c.n + d.n
	FROM (SELECT org_id, status, COUNT(*) AS n FROM new_users GROUP BY org_id, status) d
	WHERE c.org_id = d.org_id AND c.status = d.status;
	RETURN NULL;
END
$$;
CREATE TRIGGER user_counts_insert AFTER INSERT ON users REFERENCING NEW TABLE AS new_users
FOR EACH STATEMENT EXECUTE FUNCTION user_counts_insert();
CREATE FUNCTION user_counts_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	PERFORM 1 FROM user_counts WHERE (org_id, status) IN (SELECT org_id, status FROM old_users)
	ORDER BY org_id, status FOR UPDATE;
	UPDATE user_counts c SET n = c.n - d.n
	FROM (SELECT org_id, status, COUNT(*) AS n FROM old_users GROUP BY org_id, status) d
	WHERE c.org_id = d.org_id AND c.status = d.status;
	RETURN NULL;
END
$$;
CREATE TRIGGER user_counts_delete AFTER DELETE ON users REFERENCING OLD TABLE AS old_users
FOR EACH STATEMENT EXECUTE FUNCTION user_counts_delete();
-- A deleted user's count is locked before the row goes, and so before its
-- memberships' cascade locks their groups' counts: every change locks the
-- organization's counts before a group's, as an invitation into groups does.
CREATE FUNCTION user_counts_lock() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	PERFORM 1 FROM user_counts WHERE org_id = OLD.org_id AND status = OLD.status FOR UPDATE;
	RETURN OLD;
END
$$;
CREATE TRIGGER user_counts_lock BEFORE DELETE ON users FOR EACH ROW EXECUTE FUNCTION user_counts_lock();
CREATE FUNCTION user_counts_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	PERFORM 1 FROM user_counts WHERE org_id = NEW.org_id AND status IN (OLD.status, NEW.status)
	ORDER BY status FOR UPDATE;
	UPDATE user_counts SET n = n + CASE WHEN status = NEW.status THEN 1 ELSE -1 END
	WHERE org_id = NEW.org_id AND status IN (OLD.status, NEW.status);
	-- Each membership carries the status too (below).
	UPDATE memberships SET user_status = NEW.status WHERE user_id = NEW.id;
	RETURN NULL;
END
$$;
CREATE TRIGGER user_counts_update AFTER UPDATE OF status ON users
FOR EACH ROW WHEN (NEW.status IS DISTINCT FROM OLD.status) EXECUTE FUNCTION user_counts_update();

-- A membership carries its user's status, kept as the status changes: the
-- group filter with a status walks only those members, and each group's
-- members are counted by status.
ALTER TABLE memberships ADD COLUMN user_status TEXT;
UPDATE memberships m SET user_status = u.status FROM users u WHERE u.org_id = m.org_id AND u.id = m.user_id;
ALTER TABLE memberships ALTER COLUMN user_status SET NOT NULL;
CREATE INDEX memberships_group_status ON memberships (group_id, user_status, user_created_at, user_id);
CREATE FUNCTION memberships_user_status() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF NEW.user_status IS NULL THEN
		SELECT u.status INTO NEW.user_status FROM users u WHERE u.org_id = NEW.org_id AND u.id = NEW.user_id;
	END IF;
	RETURN NEW;
END
$$;
CREATE TRIGGER memberships_user_status BEFORE INSERT ON memberships
FOR EACH ROW EXECUTE FUNCTION memberships_user_status();

CREATE TABLE group_member_counts (
    org_id    TEXT NOT NULL,
    group_id  TEXT NOT NULL,
    status    TEXT NOT NULL,
    n         BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (group_id, status),
    FOREIGN KEY (org_id, group_id) REFERENCES groups (org_id, id) ON DELETE CASCADE
);
INSERT INTO group_member_counts (org_id, group_id, status, n)
SELECT g.org_id, g.id, s.status, (SELECT COUNT(*) FROM memberships m WHERE m.group_id = g.id AND m.user_status = s.status)
FROM groups g, (VALUES ('invited'), ('active'), ('inactive')) s (status);
CREATE FUNCTION group_member_counts_group() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO group_member_counts (org_id, group_id, status)
	VALUES (NEW.org_id, NEW.id, 'invited'), (NEW.org_id, NEW.id, 'active'), (NEW.org_id, NEW.id, 'inactive');
	RETURN NULL;
END
$$;
CREATE TRIGGER group_member_counts_group AFTER INSERT ON groups FOR EACH ROW EXECUTE FUNCTION group_member_counts_group();
CREATE FUNCTION group_member_counts_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	PERFORM 1 FROM group_member_counts WHERE (group_id, status) IN (SELECT group_id, user_status FROM new_memberships)
	ORDER BY group_id, status FOR UPDATE;
	UPDATE group_member_counts c SET n = c.n + d.n
	FROM (SELECT group_id, user_status, COUNT(*) AS n FROM new_memberships GROUP BY group_id, user_status) d
	WHERE c.group_id = d.group_id AND c.status = d.user_status;
	RETURN NULL;
END
$$;
CREATE TRIGGER group_member_counts_insert AFTER INSERT ON memberships REFERENCING NEW TABLE AS new_memberships
FOR EACH STATEMENT EXECUTE FUNCTION group_member_counts_insert();
CREATE FUNCTION group_member_counts_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	PERFORM 1 FROM group_member_counts WHERE (group_id, status) IN (SELECT group_id, user_status FROM old_memberships)
	ORDER BY group_id, status FOR UPDATE;
	UPDATE group_member_counts c SET n = c.n - d.n
	FROM (SELECT group_id, user_status, COUNT(*) AS n FROM old_memberships GROUP BY group_id, user_status) d
	WHERE c.group_id = d.group_id AND c.status = d.user_status;
	RETURN NULL;
END
$$;
CREATE TRIGGER group_member_counts_delete AFTER DELETE ON memberships REFERENCING OLD TABLE AS old_memberships
FOR EACH STATEMENT EXECUTE FUNCTION group_member_counts_delete();
CREATE FUNCTION group_member_counts_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	PERFORM 1 FROM group_member_counts WHERE group_id = NEW.group_id AND status IN (OLD.user_status, NEW.user_status)
	ORDER BY status FOR UPDATE;
	UPDATE group_member_counts SET n = n + CASE WHEN status = NEW.user_status THEN 1 ELSE -1 END
	WHERE group_id = NEW.group_id AND status IN (OLD.user_status, NEW.user_status);
	RETURN NULL;
END
$$;
CREATE TRIGGER group_member_counts_update AFTER UPDATE OF user_status ON memberships
FOR EACH ROW WHEN (NEW.user_status IS DISTINCT FROM OLD.user_status) EXECUTE FUNCTION group_member_counts_update();

-- Sort by name: name_key is console.SortKey of the name shown (the email
-- while a user has none), folded in Go like search_key and compared byte by
-- byte (COLLATE "C"), as SQLite and Go compare it. Empty until filled:
-- Console fills missing keys after migrating, with the search keys.
ALTER TABLE users ADD COLUMN name_key TEXT COLLATE "C" NOT NULL DEFAULT '';
CREATE INDEX users_name_key_missing ON users (org_id, id) WHERE name_key = '';
CREATE INDEX users_org_name ON users (org_id, name_key, id);
CREATE INDEX users_org_status_name ON users (org_id, status, name_key, id);

-- Sort by last sign-in: "never" is -infinity, before every time, so that
-- most recent first ends with those who never signed in.
CREATE INDEX users_org_login ON users (org_id, COALESCE(last_login_at, '-infinity'::timestamptz), id);
CREATE INDEX users_org_status_login ON users (org_id, status, COALESCE(last_login_at, '-infinity'::timestamptz), id);
