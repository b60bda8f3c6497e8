-- +goose Up
-- Owned by package queue. Deleting a tip sets duplicate_of to NULL on the
-- tips that repeat it (002's ON DELETE SET NULL); without an index on the
-- referencing column each deleted tip cost a scan of the whole table, so a
-- purge of 100,000 tips scanned it 100,000 times.
CREATE INDEX tips_duplicate_of ON tips (duplicate_of) WHERE duplicate_of IS NOT NULL;
