-- +goose Up
-- Owned by package queue. The queue page shows how many tips are in each
-- state on every load; counting them from tips read every open tip's index
-- entry (hundreds of thousands at a million tips) or the whole table for
-- closed ones. Instead every statement that inserts, deletes or changes the
-- kind or state of tips appends its net change per (kind, state) here, and
-- a count is the sum of a few rows. Appending, not updating one counter row,
-- means concurrent submits and transitions never wait for each other;
-- queue.CountByState folds the rows back into one per (kind, state) when
-- they pile up. Triggers rather than Go code so that no writer (purge, seed,
-- a repair by hand) can forget it. TRUNCATE of tips would bypass it: the
-- application never truncates tips.
CREATE TABLE tip_state_counts (
    kind  text   NOT NULL,
    state text   NOT NULL,
    n     bigint NOT NULL
);
CREATE INDEX tip_state_counts_kind ON tip_state_counts (kind);

-- +goose StatementBegin
CREATE FUNCTION tip_state_counts_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO tip_state_counts (kind, state, n)
    SELECT kind, state, count(*) FROM new_tips GROUP BY kind, state;
    RETURN NULL;
END $$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE FUNCTION tip_state_counts_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO tip_state_counts (kind, state, n)
    SELECT kind, state, -count(*) FROM old_tips GROUP BY kind, state;
    RETURN NULL;
END $$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE FUNCTION tip_state_counts_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO tip_state_counts (kind, state, n)
    SELECT kind, state, sum(n) FROM (
        SELECT o.kind, o.state, -1 AS n FROM old_tips o JOIN new_tips t ON t.id = o.id
         WHERE o.kind <> t.kind OR o.state <> t.state
        UNION ALL
        SELECT t.kind, t.state, 1 FROM old_tips o JOIN new_tips t ON t.id = o.id
         WHERE o.kind <> t.kind OR o.state <> t.state) d
    GROUP BY kind, state HAVING sum(n) <> 0;
    RETURN NULL;
END $$;
-- +goose StatementEnd

-- Writers wait for the count below, so that it and the triggers agree.
LOCK TABLE tips IN SHARE ROW EXCLUSIVE MODE;

CREATE TRIGGER tips_state_counts_insert AFTER INSERT ON tips
    REFERENCING NEW TABLE AS new_tips FOR EACH STATEMENT EXECUTE FUNCTION tip_state_counts_insert();
CREATE TRIGGER tips_state_counts_delete AFTER DELETE ON tips
    REFERENCING OLD TABLE AS old_tips FOR EACH STATEMENT EXECUTE FUNCTION tip_state_counts_delete();
CREATE TRIGGER tips_state_counts_update AFTER UPDATE ON tips
    REFERENCING OLD TABLE AS old_tips NEW TABLE AS new_tips FOR EACH STATEMENT EXECUTE FUNCTION tip_state_counts_update();

INSERT INTO tip_state_counts (kind, state, n) SELECT kind, state, count(*) FROM tips GROUP BY kind, state;

-- The tip page reads the attachments of a tip's dialogue by dialogue_id,
-- which no index held: a scan of all attachments (17 ms at 50,000) for each
-- tip with a dialogue. Most attachments come with the tip, not a message.
CREATE INDEX attachments_dialogue ON attachments (dialogue_id) WHERE dialogue_id IS NOT NULL;

-- The queue's tab of one open state in the urgent order walked every open
-- tip in that order for the ones in the state (16,627 rows, 207 ms, for the
-- first page of new tips at 1M tips).
CREATE INDEX tips_open_state_urgent ON tips (kind, state, priority, created_at, id) WHERE state <> 'closed';

-- queue.List reads a page's ids first (then their rows), so that a walk in
-- the urgent order, or over a category and area, checks the other filters on
-- the index entries instead of reading each row from the heap: category and
-- area over the urgent order, 97 ms -> 3 ms; category, area and the last
-- month, 111 ms -> 0.8 ms; category, area, open and urgent, 44 -> 0.6 ms. They
-- replace the indexes of 009 on the same keys.
CREATE INDEX tips_kind_urgent_cover ON tips (kind, priority, created_at, id)
    INCLUDE (category, area_code, state, assignee_id);
DROP INDEX tips_kind_urgent;
CREATE INDEX tips_category_area_cover ON tips (category, area_code, created_at)
    INCLUDE (kind, priority, id, state, assignee_id);
DROP INDEX tips_category_area;

-- +goose Down
CREATE INDEX tips_category_area ON tips (category, area_code, created_at);
DROP INDEX tips_category_area_cover;
CREATE INDEX tips_kind_urgent ON tips (kind, priority, created_at, id);
DROP INDEX tips_kind_urgent_cover;
DROP INDEX tips_open_state_urgent;
DROP INDEX attachments_dialogue;
DROP TRIGGER tips_state_counts_update ON tips;
DROP TRIGGER tips_state_counts_delete ON tips;
DROP TRIGGER tips_state_counts_insert ON tips;
DROP FUNCTION tip_state_counts_update();
DROP FUNCTION tip_state_counts_delete();
DROP FUNCTION tip_state_counts_insert();
DROP TABLE tip_state_counts;
