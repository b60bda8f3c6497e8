-- +goose Up
-- The workers claim the oldest pending update. bot_inbox_pending is ordered by
-- chat first, so it cannot serve ORDER BY update_id; without this index the
-- claim walked the primary key over every processed row, and grew slower with
-- every update the inbox had kept.
CREATE INDEX bot_inbox_pending_order ON bot_inbox (update_id) WHERE state = 'pending';
