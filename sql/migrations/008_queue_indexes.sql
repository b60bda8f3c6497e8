-- +goose Up
-- Owned by package queue.

-- A duplicate outlives the tip it repeats when that one is purged first
-- (duplicate_of is ON DELETE SET NULL); 002's check then refused the purge.
-- A duplicate may lose its original; nothing else may name one.
ALTER TABLE tips DROP CONSTRAINT tips_check2;
ALTER TABLE tips ADD CONSTRAINT tips_duplicate_of_check CHECK (duplicate_of IS NULL OR resolution = 'duplicate');

-- ClaimNext: the most urgent waiting tip of a kind, without reading held ones.
CREATE INDEX tips_waiting ON tips (kind, priority, created_at, id)
    WHERE assignee_id IS NULL AND state IN ('new', 'in_review');
