-- +goose Up
-- Owned by package queue. When a reporter answers or adds information, the
-- tip is marked until its holder has looked at it again, so the queue can
-- show "replied" without a row per officer and view. The partial index holds
-- only the marked tips, which are few, for the queue's "replied" filter.
ALTER TABLE tips ADD COLUMN reporter_replied_at timestamptz;
CREATE INDEX tips_replied ON tips (kind, reporter_replied_at) WHERE reporter_replied_at IS NOT NULL;

-- +goose Down
DROP INDEX tips_replied;
ALTER TABLE tips DROP COLUMN reporter_replied_at;
