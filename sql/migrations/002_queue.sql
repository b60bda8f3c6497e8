-- +goose Up
-- The triage queue. Owned by package queue.

-- A reporter exists here only as reporter_ref = HMAC(reporter_key, telegram user id).
CREATE TABLE reporter_blocks (
    reporter_ref  bytea PRIMARY KEY CHECK (octet_length(reporter_ref) = 32),
    blocked_by    bigint NOT NULL REFERENCES officers(id),
    reason        text NOT NULL DEFAULT '' CHECK (char_length(reason) <= 500),
    created_at    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE tips (
    id                  bigserial PRIMARY KEY,
    -- 'report' is an enforcement tip; 'help' is a self-help question from someone who
    -- wants to quit, seen only by counsellors.
    kind                text NOT NULL DEFAULT 'report' CHECK (kind IN ('report', 'help')),
    receipt_hash        bytea NOT NULL UNIQUE CHECK (octet_length(receipt_hash) = 32),
    reporter_ref        bytea NOT NULL CHECK (octet_length(reporter_ref) = 32),
    locale              text NOT NULL DEFAULT 'zh-CN' CHECK (locale IN ('zh-CN', 'en')),
    category            text NOT NULL CHECK (category ~ '^[a-z_]{1,32}$'),
    area_code           text CHECK (area_code ~ '^[a-z0-9_]{1,32}$'),
    area_text           text NOT NULL DEFAULT '' CHECK (char_length(area_text) <= 200),
    -- A pin the reporter shared: where the crime is, not where the reporter is
    -- (they are told so before sharing).
    latitude            double precision CHECK (latitude BETWEEN -90 AND 90),
    longitude           double precision CHECK (longitude BETWEEN -180 AND 180),
    occurred            text NOT NULL CHECK (occurred IN ('now', 'today', 'this_week', 'earlier')),
    description         text NOT NULL CHECK (char_length(description) BETWEEN 1 AND 20000),
    search              tsvector NOT NULL,
    state               text NOT NULL DEFAULT 'new'
                        CHECK (state IN ('new', 'in_review', 'needs_info', 'forwarded', 'closed')),
    resolution          text CHECK (resolution IN ('actioned', 'unfounded', 'duplicate', 'spam', 'out_of_scope')),
    duplicate_of        bigint REFERENCES tips(id) ON DELETE SET NULL,
    -- 1 urgent, 2 high, 3 normal, 4 low.
    priority            smallint NOT NULL CHECK (priority BETWEEN 1 AND 4),
    suggested_priority  smallint NOT NULL CHECK (suggested_priority BETWEEN 1 AND 4),
    assignee_id         bigint REFERENCES officers(id),
    claimed_at          timestamptz,
    forwarded_unit      text CHECK (char_length(forwarded_unit) <= 200),
    forwarded_case      text CHECK (char_length(forwarded_case) <= 100),
    forwarded_at        timestamptz,
    triage_due          timestamptz NOT NULL,
    feedback_due        timestamptz,
    -- 'chat': the reporter consented to be messaged; the chat id is sealed (AES-GCM)
    -- and erased at close. 'code': nothing is kept; replies wait for a receipt check.
    contact_mode        text NOT NULL CHECK (contact_mode IN ('chat', 'code')),
    contact_sealed      bytea,
    contact_unreachable_at timestamptz,
    reward_state        text NOT NULL DEFAULT 'none'
                        CHECK (reward_state IN ('none', 'eligible', 'approved', 'notified', 'paid', 'declined')),
    reward_amount_cents bigint CHECK (reward_amount_cents >= 0),
    reward_approved_at  timestamptz,
    reward_notified_at  timestamptz,
    reward_claim_due    timestamptz,
    reward_paid_at      timestamptz,
    -- Bumped by every change, so an officer's stale form is refused, not applied.
    version             integer NOT NULL DEFAULT 1,
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now(),
    triaged_at          timestamptz,
    closed_at           timestamptz,
    CHECK ((state = 'closed') = (resolution IS NOT NULL)),
    CHECK ((state = 'closed') = (closed_at IS NOT NULL)),
    CHECK ((resolution = 'duplicate') = (duplicate_of IS NOT NULL) OR (resolution IS NULL AND duplicate_of IS NULL)),
    CHECK (duplicate_of <> id),
    CHECK (contact_mode = 'chat' OR contact_sealed IS NULL),
    CHECK (state <> 'closed' OR contact_sealed IS NULL),
    CHECK (state <> 'forwarded' OR forwarded_unit IS NOT NULL),
    CHECK ((latitude IS NULL) = (longitude IS NULL)),
    CHECK (reward_state NOT IN ('approved', 'notified', 'paid') OR reward_amount_cents IS NOT NULL)
);

-- The queue page's default order and the claim-next order.
CREATE INDEX tips_open_urgent ON tips (priority, created_at, id) WHERE state <> 'closed';
CREATE INDEX tips_state_created ON tips (state, created_at DESC, id DESC);
CREATE INDEX tips_created ON tips (created_at DESC, id DESC);
CREATE INDEX tips_category_created ON tips (category, created_at DESC, id DESC);
CREATE INDEX tips_area_created ON tips (area_code, created_at DESC, id DESC);
CREATE INDEX tips_assignee_state ON tips (assignee_id, state) WHERE assignee_id IS NOT NULL;
CREATE INDEX tips_triage_due_open ON tips (triage_due) WHERE state IN ('new', 'in_review', 'needs_info');
CREATE INDEX tips_reporter ON tips (reporter_ref, created_at);
CREATE INDEX tips_closed_at ON tips (closed_at) WHERE state = 'closed';
CREATE INDEX tips_search ON tips USING gin (search);

CREATE TABLE dialogue (
    id            bigserial PRIMARY KEY,
    tip_id        bigint NOT NULL REFERENCES tips(id) ON DELETE CASCADE,
    direction     text NOT NULL CHECK (direction IN ('to_reporter', 'from_reporter')),
    -- What the reporter added on their own through "Add information" is
    -- from_reporter with no question.
    officer_id    bigint REFERENCES officers(id),
    reply_to      bigint REFERENCES dialogue(id) ON DELETE SET NULL,
    body          text NOT NULL CHECK (char_length(body) <= 20000),
    -- to_reporter: when the reporter saw it (delivered to chat, or shown at a receipt check).
    seen_at       timestamptz,
    created_at    timestamptz NOT NULL DEFAULT now(),
    CHECK (direction = 'from_reporter' OR officer_id IS NOT NULL)
);
CREATE INDEX dialogue_tip ON dialogue (tip_id, created_at);

CREATE TABLE attachments (
    id               bigserial PRIMARY KEY,
    tip_id           bigint NOT NULL REFERENCES tips(id) ON DELETE CASCADE,
    dialogue_id      bigint REFERENCES dialogue(id) ON DELETE CASCADE,
    kind             text NOT NULL CHECK (kind IN ('image', 'video', 'audio', 'document')),
    file_name        text NOT NULL DEFAULT '' CHECK (char_length(file_name) <= 255),
    mime             text NOT NULL,
    size_bytes       bigint NOT NULL CHECK (size_bytes >= 0),
    sha256_original  bytea NOT NULL CHECK (octet_length(sha256_original) = 32),
    clean_status     text NOT NULL CHECK (clean_status IN ('cleaned', 'clean', 'uncleanable')),
    removed          text[] NOT NULL DEFAULT '{}',
    data             bytea NOT NULL,
    original         bytea,
    created_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX attachments_tip ON attachments (tip_id);
CREATE INDEX attachments_sha ON attachments (sha256_original);

CREATE TABLE notes (
    id          bigserial PRIMARY KEY,
    tip_id      bigint NOT NULL REFERENCES tips(id) ON DELETE CASCADE,
    officer_id  bigint NOT NULL REFERENCES officers(id),
    body        text NOT NULL CHECK (char_length(body) BETWEEN 1 AND 10000),
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX notes_tip ON notes (tip_id, created_at);

-- One row per change of a tip: the timeline and the evidence of who did what.
CREATE TABLE tip_events (
    id          bigserial PRIMARY KEY,
    tip_id      bigint NOT NULL REFERENCES tips(id) ON DELETE CASCADE,
    officer_id  bigint REFERENCES officers(id),
    action      text NOT NULL,
    from_state  text,
    to_state    text,
    detail      jsonb NOT NULL DEFAULT '{}',
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX tip_events_tip ON tip_events (tip_id, created_at);

CREATE TABLE entities (
    id     bigserial PRIMARY KEY,
    kind   text NOT NULL CHECK (kind IN ('phone', 'telegram', 'wechat', 'plate', 'url')),
    value  text NOT NULL CHECK (char_length(value) BETWEEN 1 AND 300),
    UNIQUE (kind, value)
);

-- Tips that share an entity are linked through this table (corroboration).
CREATE TABLE tip_entities (
    tip_id     bigint NOT NULL REFERENCES tips(id) ON DELETE CASCADE,
    entity_id  bigint NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
    raw        text NOT NULL DEFAULT '',
    PRIMARY KEY (tip_id, entity_id)
);
CREATE INDEX tip_entities_entity ON tip_entities (entity_id, tip_id);
