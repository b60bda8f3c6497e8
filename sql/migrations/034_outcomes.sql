-- +goose Up
-- What came of a tip, and the rules its reward follows. Owned by package queue.

-- Operations (专项行动): one list the office manages. An outcome is tagged with
-- the operations it belongs to; other pages may tag with the same list.
CREATE TABLE operations (
    id          bigserial PRIMARY KEY,
    name_zh     text NOT NULL CHECK (char_length(btrim(name_zh)) BETWEEN 1 AND 100),
    name_en     text NOT NULL CHECK (char_length(btrim(name_en)) BETWEEN 1 AND 100),
    -- An archived operation is offered for no new tag; its tags stay.
    archived_at timestamptz,
    created_at  timestamptz NOT NULL DEFAULT now(),
    UNIQUE (name_zh)
);

-- One outcome per tip closed as actioned: the facts the office reports and
-- rewards depend on. It goes with its tip when the tip is purged.
CREATE TABLE tip_outcomes (
    tip_id      bigint PRIMARY KEY REFERENCES tips(id) ON DELETE CASCADE,
    case_kind   text NOT NULL CHECK (case_kind IN ('criminal', 'administrative', 'none')),
    case_number text NOT NULL DEFAULT '' CHECK (char_length(case_number) <= 100),
    detained    integer NOT NULL DEFAULT 0 CHECK (detained BETWEEN 0 AND 10000),
    users_found integer NOT NULL DEFAULT 0 CHECK (users_found BETWEEN 0 AND 10000),
    -- The day the case was solved: the reward's notice deadline counts from it.
    solved_on   date,
    recorded_by bigint REFERENCES officers(id),
    recorded_at timestamptz NOT NULL,
    updated_by  bigint REFERENCES officers(id),
    updated_at  timestamptz NOT NULL,
    CHECK (case_kind = 'none' OR solved_on IS NOT NULL)
);

CREATE TABLE tip_seizures (
    tip_id bigint NOT NULL REFERENCES tip_outcomes(tip_id) ON DELETE CASCADE,
    drug   text NOT NULL CHECK (drug ~ '^[a-z0-9_]{1,32}$'),
    grams  numeric(14, 3) NOT NULL CHECK (grams > 0),
    PRIMARY KEY (tip_id, drug)
);

CREATE TABLE tip_operations (
    tip_id       bigint NOT NULL REFERENCES tip_outcomes(tip_id) ON DELETE CASCADE,
    operation_id bigint NOT NULL REFERENCES operations(id),
    PRIMARY KEY (tip_id, operation_id)
);
CREATE INDEX tip_operations_operation ON tip_operations (operation_id);

-- A leader approves rewards a supervisor proposed.
ALTER TABLE officers DROP CONSTRAINT officers_role_check;
ALTER TABLE officers ADD CONSTRAINT officers_role_check
    CHECK (role IN ('officer', 'supervisor', 'leader', 'admin', 'counsellor'));

-- A reward's basis and its two people: the proposer (with the basis, the
-- suggested range and, for an amount outside it, the reason) and the approver,
-- who may not be the proposer. An override lets a second reward through a
-- duplicate chain, with the leader's reason.
ALTER TABLE tips
    ADD COLUMN reward_basis              jsonb,
    ADD COLUMN reward_suggested_min_cents bigint CHECK (reward_suggested_min_cents >= 0),
    ADD COLUMN reward_suggested_max_cents bigint CHECK (reward_suggested_max_cents >= reward_suggested_min_cents),
    ADD COLUMN reward_reason             text CHECK (char_length(reward_reason) <= 500),
    ADD COLUMN reward_proposed_by        bigint REFERENCES officers(id),
    ADD COLUMN reward_proposed_at        timestamptz,
    ADD COLUMN reward_approved_by        bigint REFERENCES officers(id),
    ADD COLUMN reward_override           text CHECK (char_length(reward_override) <= 500),
    -- The notice deadline: working days from the outcome's solved date.
    ADD COLUMN reward_notify_due         timestamptz,
    ADD CONSTRAINT tips_reward_two_people CHECK (reward_approved_by IS NULL OR reward_approved_by IS DISTINCT FROM reward_proposed_by);

-- +goose Down
ALTER TABLE tips DROP CONSTRAINT tips_reward_two_people,
    DROP COLUMN reward_basis, DROP COLUMN reward_suggested_min_cents, DROP COLUMN reward_suggested_max_cents,
    DROP COLUMN reward_reason, DROP COLUMN reward_proposed_by, DROP COLUMN reward_proposed_at,
    DROP COLUMN reward_approved_by, DROP COLUMN reward_override, DROP COLUMN reward_notify_due;
ALTER TABLE officers DROP CONSTRAINT officers_role_check;
ALTER TABLE officers ADD CONSTRAINT officers_role_check CHECK (role IN ('officer', 'supervisor', 'admin', 'counsellor'));
DROP TABLE tip_operations;
DROP TABLE tip_seizures;
DROP TABLE tip_outcomes;
DROP TABLE operations;
