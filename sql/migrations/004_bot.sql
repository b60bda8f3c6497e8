-- +goose Up
-- Telegram intake. Owned by package bot.

-- Every update is stored here before Telegram is told we have it. The raw update
-- names the reporter, so it is kept sealed and erased once processed.
CREATE TABLE bot_inbox (
    update_id       bigint PRIMARY KEY,
    -- HMAC of the chat id: orders the updates of one chat without naming it.
    chat_key        text NOT NULL,
    payload_sealed  bytea,
    state           text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'done', 'parked', 'discarded')),
    attempts        integer NOT NULL DEFAULT 0,
    locked_until    timestamptz,
    last_error      text,
    received_at     timestamptz NOT NULL DEFAULT now(),
    processed_at    timestamptz,
    CHECK (state = 'pending' OR state = 'parked' OR payload_sealed IS NULL)
);
CREATE INDEX bot_inbox_pending ON bot_inbox (chat_key, update_id) WHERE state = 'pending';
CREATE INDEX bot_inbox_processed ON bot_inbox (processed_at) WHERE state IN ('done', 'discarded');

-- What the bot remembers of a reporter: their language and their limits.
CREATE TABLE bot_reporters (
    reporter_ref  bytea PRIMARY KEY CHECK (octet_length(reporter_ref) = 32),
    locale        text NOT NULL DEFAULT 'zh-CN' CHECK (locale IN ('zh-CN', 'en')),
    created_at    timestamptz NOT NULL DEFAULT now(),
    seen_at       timestamptz NOT NULL DEFAULT now()
);

-- A report in progress. Erased on submit, cancel or after the configured silence.
CREATE TABLE bot_drafts (
    reporter_ref  bytea PRIMARY KEY CHECK (octet_length(reporter_ref) = 32),
    data          jsonb NOT NULL,
    updated_at    timestamptz NOT NULL DEFAULT now(),
    expires_at    timestamptz NOT NULL
);
CREATE INDEX bot_drafts_expires ON bot_drafts (expires_at);

-- Evidence received for a draft, already cleaned; moved into attachments on submit.
CREATE TABLE bot_draft_files (
    id               bigserial PRIMARY KEY,
    reporter_ref     bytea NOT NULL REFERENCES bot_drafts(reporter_ref) ON DELETE CASCADE,
    kind             text NOT NULL,
    file_name        text NOT NULL DEFAULT '',
    mime             text NOT NULL,
    size_bytes       bigint NOT NULL,
    sha256_original  bytea NOT NULL,
    clean_status     text NOT NULL,
    removed          text[] NOT NULL DEFAULT '{}',
    data             bytea NOT NULL,
    original         bytea,
    created_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX bot_draft_files_ref ON bot_draft_files (reporter_ref, id);

-- Fixed-window counters for per-reporter limits (tips per day, messages per
-- minute, wrong receipts per hour).
CREATE TABLE bot_limits (
    reporter_ref  bytea NOT NULL,
    kind          text NOT NULL,
    window_start  timestamptz NOT NULL,
    count         integer NOT NULL DEFAULT 0,
    PRIMARY KEY (reporter_ref, kind, window_start)
);
CREATE INDEX bot_limits_window ON bot_limits (window_start);
