-- +goose Up
-- Owned by package queue. Nothing looks tips up by reporter: the bot keeps a
-- reporter's daily count in bot_limits, and the admin reaches a reporter
-- through a tip. The index only cost every submit a write into a random leaf
-- of a large index: after each checkpoint, a full-page image in the WAL per
-- submit (299 in 300 submits at 1M tips, the largest share of Submit's WAL
-- with the receipt's).
DROP INDEX tips_reporter;

-- +goose Down
CREATE INDEX tips_reporter ON tips (reporter_ref, created_at);
