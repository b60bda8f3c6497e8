-- +goose Up
-- Owned by package queue. The reporter's answer to the closing notice's one
-- optional question, 1 very satisfied … 4 dissatisfied (满意度). Only the
-- answer is kept, on the tip: no time, no channel, nothing that links it to
-- anything else; leaders read it counted by town and period.
ALTER TABLE tips ADD COLUMN satisfaction smallint CHECK (satisfaction BETWEEN 1 AND 4);

-- +goose Down
ALTER TABLE tips DROP COLUMN satisfaction;
