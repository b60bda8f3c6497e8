-- +goose Up
-- Owned by package outbox. The processes that lease outbox messages, each
-- with a heartbeat, and which of them holds a message's lease: the leases of
-- a process that died (SIGKILL, a lost machine) are given back once its
-- heartbeat is a few seconds old, not when the lease itself runs out.
CREATE TABLE outbox_senders (
    id           uuid PRIMARY KEY,
    heartbeat_at timestamptz NOT NULL DEFAULT now()
);
ALTER TABLE outbox ADD COLUMN leased_by uuid;
CREATE INDEX outbox_leased_by ON outbox (leased_by) WHERE leased_by IS NOT NULL;

-- +goose Down
DROP INDEX outbox_leased_by;
ALTER TABLE outbox DROP COLUMN leased_by;
DROP TABLE outbox_senders;
