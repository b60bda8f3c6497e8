-- +goose Up
-- The intake core (package intake) owns what a report is for every channel:
-- its drafts, their evidence and the per-client counters, which were the
-- Telegram conversation's. The rows are kept; only names change, and a draft's
-- one JSON splits into the report (the core's) and extra (the channel's own
-- state: the bot's mode, wizard step and message ids).

-- Each tip says through which channel it came. Text with a pattern, not an
-- enum: a new channel (wechat) needs no schema change. Owned by package queue.
ALTER TABLE tips ADD COLUMN channel text NOT NULL DEFAULT 'telegram'
    CHECK (channel ~ '^[a-z][a-z0-9_]{0,31}$');

-- A draft is keyed by 32 bytes the channel derives: the Telegram reporter
-- ref, or the hash of the web's random draft token.
ALTER TABLE bot_drafts RENAME TO intake_drafts;
ALTER TABLE intake_drafts RENAME CONSTRAINT bot_drafts_pkey TO intake_drafts_pkey;
ALTER TABLE intake_drafts RENAME CONSTRAINT bot_drafts_reporter_ref_check TO intake_drafts_draft_key_check;
ALTER INDEX bot_drafts_expires RENAME TO intake_drafts_expires;
ALTER TABLE intake_drafts RENAME COLUMN reporter_ref TO draft_key;
ALTER TABLE intake_drafts
    ADD COLUMN channel text NOT NULL DEFAULT 'telegram' CHECK (channel ~ '^[a-z][a-z0-9_]{0,31}$'),
    ADD COLUMN report jsonb,
    ADD COLUMN extra jsonb NOT NULL DEFAULT '{}';
-- The bot's wizard position moves from the report into extra; its step
-- "consent" is the core's "contact".
UPDATE intake_drafts SET
    report = CASE WHEN jsonb_typeof(data->'report') = 'object'
                  THEN (data->'report') - 'step' - 'editing' - 'area_page' END,
    extra = (data - 'report') || jsonb_strip_nulls(jsonb_build_object(
        'step', CASE data#>>'{report,step}' WHEN 'consent' THEN 'contact' ELSE data#>>'{report,step}' END,
        'editing', data#>'{report,editing}',
        'area_page', data#>'{report,area_page}'));
ALTER TABLE intake_drafts DROP COLUMN data;

-- pending: an uncleanable file waiting for the reporter to keep it anyway or
-- send a screenshot instead; it is neither counted nor submitted until kept.
ALTER TABLE bot_draft_files RENAME TO intake_draft_files;
ALTER TABLE intake_draft_files RENAME CONSTRAINT bot_draft_files_pkey TO intake_draft_files_pkey;
ALTER TABLE intake_draft_files RENAME CONSTRAINT bot_draft_files_reporter_ref_fkey TO intake_draft_files_draft_key_fkey;
ALTER SEQUENCE bot_draft_files_id_seq RENAME TO intake_draft_files_id_seq;
ALTER INDEX bot_draft_files_ref RENAME TO intake_draft_files_key;
ALTER TABLE intake_draft_files RENAME COLUMN reporter_ref TO draft_key;
ALTER TABLE intake_draft_files ADD COLUMN pending boolean NOT NULL DEFAULT false;

-- A client key is the Telegram reporter ref, or the web's HMAC of the client
-- address under a key that changes daily.
ALTER TABLE bot_limits RENAME TO intake_limits;
ALTER TABLE intake_limits RENAME CONSTRAINT bot_limits_pkey TO intake_limits_pkey;
ALTER INDEX bot_limits_window RENAME TO intake_limits_window;
ALTER TABLE intake_limits RENAME COLUMN reporter_ref TO client_key;

-- +goose Down
ALTER TABLE intake_limits RENAME COLUMN client_key TO reporter_ref;
ALTER INDEX intake_limits_window RENAME TO bot_limits_window;
ALTER TABLE intake_limits RENAME CONSTRAINT intake_limits_pkey TO bot_limits_pkey;
ALTER TABLE intake_limits RENAME TO bot_limits;

ALTER TABLE intake_draft_files DROP COLUMN pending;
ALTER TABLE intake_draft_files RENAME COLUMN draft_key TO reporter_ref;
ALTER INDEX intake_draft_files_key RENAME TO bot_draft_files_ref;
ALTER SEQUENCE intake_draft_files_id_seq RENAME TO bot_draft_files_id_seq;
ALTER TABLE intake_draft_files RENAME CONSTRAINT intake_draft_files_draft_key_fkey TO bot_draft_files_reporter_ref_fkey;
ALTER TABLE intake_draft_files RENAME CONSTRAINT intake_draft_files_pkey TO bot_draft_files_pkey;
ALTER TABLE intake_draft_files RENAME TO bot_draft_files;

DELETE FROM intake_drafts WHERE channel <> 'telegram';
ALTER TABLE intake_drafts ADD COLUMN data jsonb;
UPDATE intake_drafts SET data = (extra - 'step' - 'editing' - 'area_page')
    || CASE WHEN report IS NULL THEN '{}'::jsonb ELSE jsonb_build_object('report', report || jsonb_strip_nulls(jsonb_build_object(
        'step', CASE extra->>'step' WHEN 'contact' THEN 'consent' ELSE extra->>'step' END,
        'editing', extra->'editing', 'area_page', extra->'area_page'))) END;
ALTER TABLE intake_drafts ALTER COLUMN data SET NOT NULL;
ALTER TABLE intake_drafts DROP COLUMN extra, DROP COLUMN report, DROP COLUMN channel;
ALTER TABLE intake_drafts RENAME COLUMN draft_key TO reporter_ref;
ALTER INDEX intake_drafts_expires RENAME TO bot_drafts_expires;
ALTER TABLE intake_drafts RENAME CONSTRAINT intake_drafts_draft_key_check TO bot_drafts_reporter_ref_check;
ALTER TABLE intake_drafts RENAME CONSTRAINT intake_drafts_pkey TO bot_drafts_pkey;
ALTER TABLE intake_drafts RENAME TO bot_drafts;

ALTER TABLE tips DROP COLUMN channel;
