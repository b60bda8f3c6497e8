-- +goose Up
-- A reporter's sealed chat is kept only while a message to it is pending: once
-- sent or given up, the row is kept for retention (or inspection) without the
-- contact, as the design erases a reporter's contact when it is no longer
-- needed. A pending row still needs exactly one recipient; a finished one may
-- have none.
ALTER TABLE outbox DROP CONSTRAINT outbox_check;
ALTER TABLE outbox ADD CONSTRAINT outbox_recipient CHECK (
    num_nonnulls(chat_id, chat_sealed) = 1
    OR (state IN ('sent', 'dead') AND chat_id IS NULL AND chat_sealed IS NULL));
UPDATE outbox SET chat_sealed = NULL WHERE state IN ('sent', 'dead') AND chat_sealed IS NOT NULL;
-- Dead messages are purged after retention like sent ones, by their age.
CREATE INDEX outbox_dead ON outbox (created_at) WHERE state = 'dead';
