-- Counts and sort orders for the users list that stay exact and cheap at a
-- million users (see UserCount and ListUsers).

-- How many users of each status an organization has, kept by triggers in
-- the transaction of every change, so that a page never counts users.
-- Every organization has a row per status (made with it), so that a
-- change of status only updates rows.
CREATE TABLE user_counts (
    org_id  TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    status  TEXT NOT NULL,
    n       INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (org_id, status)
);
INSERT INTO user_counts (org_id, status, n)
SELECT o.id, s.status, (SELECT COUNT(*) FROM users u WHERE u.org_id = o.id AND u.status = s.status)
FROM organizations o, (SELECT 'invited' AS status UNION ALL SELECT 'active' UNION ALL SELECT 'inactive') s;
CREATE TRIGGER user_counts_org AFTER INSERT ON organizations BEGIN
	INSERT INTO user_counts (org_id, status) VALUES (NEW.id, 'invited'), (NEW.id, 'active'), (NEW.id, 'inactive');
END;
CREATE TRIGGER user_counts_insert AFTER INSERT ON users BEGIN
	UPDATE user_counts SET n = n + 1 WHERE org_id = NEW.org_id AND status = NEW.status;
END;
CREATE TRIGGER user_counts_delete AFTER DELETE ON users BEGIN
	UPDATE user_counts SET n = n - 1 WHERE org_id = OLD.org_id AND status = OLD.status;
END;
CREATE TRIGGER user_counts_update AFTER UPDATE OF status ON users WHEN NEW.status IS NOT OLD.status BEGIN
	UPDATE user_counts SET n = n + CASE WHEN status = NEW.status THEN 1 ELSE -1 END
	WHERE org_id = NEW.org_id AND status IN (OLD.status, NEW.status);
END;

-- A membership carries its user's status, kept as the status changes: the
-- group filter with a status walks only those members, and each group's
-- members are counted by status.
ALTER TABLE memberships ADD COLUMN user_status TEXT NOT NULL DEFAULT '';
UPDATE memberships SET user_status = (SELECT u.status FROM users u
	WHERE u.org_id = memberships.org_id AND u.id = memberships.user_id);
CREATE INDEX memberships_group_status ON memberships (group_id, user_status, user_created_at, user_id);
CREATE TRIGGER memberships_user_status AFTER INSERT ON memberships
WHEN NEW.user_status = '' BEGIN
	UPDATE memberships SET user_status = (SELECT u.status FROM users u
		WHERE u.org_id = NEW.org_id AND u.id = NEW.user_id)
	WHERE user_id = NEW.user_id AND group_id = NEW.group_id;
END;
CREATE TRIGGER users_status_memberships AFTER UPDATE OF status ON users WHEN NEW.status IS NOT OLD.status BEGIN
	UPDATE memberships SET user_status = NEW.status WHERE user_id = NEW.id;
END;

CREATE TABLE group_member_counts (
    org_id    TEXT NOT NULL,
    group_id  TEXT NOT NULL,
    status    TEXT NOT NULL,
    n         INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (group_id, status),
    FOREIGN KEY (org_id, group_id) REFERENCES groups (org_id, id) ON DELETE CASCADE
);
INSERT INTO group_member_counts (org_id, group_id, status, n)
SELECT g.org_id, g.id, s.status, (SELECT COUNT(*) FROM memberships m WHERE m.group_id = g.id AND m.user_status = s.status)
FROM groups g, (SELECT 'invited' AS status UNION ALL SELECT 'active' UNION ALL SELECT 'inactive') s;
CREATE TRIGGER group_member_counts_group AFTER INSERT ON groups BEGIN
	INSERT INTO group_member_counts (org_id, group_id, status)
	VALUES (NEW.org_id, NEW.id, 'invited'), (NEW.org_id, NEW.id, 'active'), (NEW.org_id, NEW.id, 'inactive');
END;
-- A membership inserted without its status is counted once the trigger
-- above has filled it in (the update below).
CREATE TRIGGER group_member_counts_insert AFTER INSERT ON memberships WHEN NEW.user_status <> '' BEGIN
	UPDATE group_member_counts SET n = n + 1 WHERE group_id = NEW.group_id AND status = NEW.user_status;
END;
CREATE TRIGGER group_member_counts_delete AFTER DELETE ON memberships BEGIN
	UPDATE group_member_counts SET n = n - 1 WHERE group_id = OLD.group_id AND status = OLD.user_status;
END;
CREATE TRIGGER group_member_counts_update AFTER UPDATE OF user_status ON memberships
WHEN NEW.user_status IS NOT OLD.user_status BEGIN
	UPDATE group_member_counts SET n = n + CASE WHEN status = NEW.user_status THEN 1 ELSE -1 END
	WHERE group_id = NEW.group_id AND status IN (OLD.user_status, NEW.user_status);
END;

-- Sort by name: name_key is console.SortKey of the name shown (the email
-- while a user has none), folded in Go like search_key. Empty until filled:
-- Console fills missing keys after migrating, with the search keys.
ALTER TABLE users ADD COLUMN name_key TEXT NOT NULL DEFAULT '';
CREATE INDEX users_name_key_missing ON users (org_id, id) WHERE name_key = '';
CREATE INDEX users_org_name ON users (org_id, name_key, id);
CREATE INDEX users_org_status_name ON users (org_id, status, name_key, id);

-- Sort by last sign-in: "never" is the empty text, before every time, so
-- that most recent first ends with those who never signed in. A generated
-- column (computed when read, stored only in the indexes) rather than an
-- expression, because SQLite compares a cursor's row value (login_key, id)
-- through an index of columns only.
ALTER TABLE users ADD COLUMN login_key TEXT GENERATED ALWAYS AS (COALESCE(last_login_at, '')) VIRTUAL;
CREATE INDEX users_org_login ON users (org_id, login_key, id);
CREATE INDEX users_org_status_login ON users (org_id, status, login_key, id);
