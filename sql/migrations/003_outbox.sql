-- +goose Up
-- Everything Tipline says on Telegram is a row here first. Owned by package outbox.
CREATE TABLE outbox (
    id               bigserial PRIMARY KEY,
    -- 0 interactive (answers to a reporter), 1 notices (dialogue, status), 2 bulk (digests).
    lane             smallint NOT NULL DEFAULT 0 CHECK (lane BETWEEN 0 AND 2),
    -- Office chats are the office's own and kept in clear; a reporter's chat is
    -- sealed (AES-GCM) and never stored in clear.
    chat_id          bigint,
    chat_sealed      bytea,
    -- Orders the sends of one chat: 'office:<id>' or 'r:<hex reporter_ref>'.
    chat_key         text NOT NULL,
    kind             text NOT NULL CHECK (kind ~ '^[a-z_]{1,40}$'),
    payload          jsonb NOT NULL,
    -- Makes an enqueue idempotent (a digest per period and chat is sent once).
    dedupe_key       text UNIQUE,
    state            text NOT NULL DEFAULT 'pending'
                     CHECK (state IN ('pending', 'sent', 'failed', 'dead')),
    attempts         integer NOT NULL DEFAULT 0,
    next_attempt_at  timestamptz NOT NULL DEFAULT now(),
    locked_until     timestamptz,
    last_error       text,
    telegram_message_id bigint,
    created_at       timestamptz NOT NULL DEFAULT now(),
    sent_at          timestamptz,
    CHECK (num_nonnulls(chat_id, chat_sealed) = 1)
);
CREATE INDEX outbox_due ON outbox (lane, next_attempt_at, id) WHERE state = 'pending';
CREATE INDEX outbox_chat ON outbox (chat_key, id) WHERE state = 'pending';
CREATE INDEX outbox_sent ON outbox (sent_at) WHERE state = 'sent';
