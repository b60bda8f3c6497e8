-- +goose Up
-- Scheduled work. Owned by package jobs.

-- A run is claimed by inserting its (job, period_start) row, so each period runs
-- once across replicas whatever their clocks say.
CREATE TABLE job_runs (
    job           text NOT NULL,
    period_start  timestamptz NOT NULL,
    period_end    timestamptz NOT NULL,
    state         text NOT NULL DEFAULT 'running' CHECK (state IN ('running', 'done', 'failed')),
    owner         text NOT NULL,
    lease_until   timestamptz NOT NULL,
    attempts      integer NOT NULL DEFAULT 1,
    late          boolean NOT NULL DEFAULT false,
    result        jsonb NOT NULL DEFAULT '{}',
    last_error    text,
    started_at    timestamptz NOT NULL DEFAULT now(),
    finished_at   timestamptz,
    PRIMARY KEY (job, period_start),
    CHECK (period_end > period_start)
);
CREATE INDEX job_runs_lease ON job_runs (lease_until) WHERE state = 'running';

CREATE TABLE digests (
    id            bigserial PRIMARY KEY,
    job           text NOT NULL,
    period_start  timestamptz NOT NULL,
    period_end    timestamptz NOT NULL,
    late          boolean NOT NULL DEFAULT false,
    text_zh       text NOT NULL,
    text_en       text NOT NULL,
    html          text NOT NULL DEFAULT '',
    csv           bytea NOT NULL DEFAULT '',
    created_at    timestamptz NOT NULL DEFAULT now(),
    UNIQUE (job, period_start)
);

CREATE TABLE digest_deliveries (
    id           bigserial PRIMARY KEY,
    digest_id    bigint NOT NULL REFERENCES digests(id) ON DELETE CASCADE,
    channel      text NOT NULL CHECK (channel IN ('telegram', 'email')),
    target       text NOT NULL,
    state        text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent', 'failed')),
    attempts     integer NOT NULL DEFAULT 0,
    last_error   text,
    sent_at      timestamptz,
    created_at   timestamptz NOT NULL DEFAULT now(),
    UNIQUE (digest_id, channel, target)
);

-- Deadline alerts already raised, so each tip and deadline alerts once.
CREATE TABLE deadline_alerts (
    tip_id     bigint NOT NULL,
    deadline   text NOT NULL CHECK (deadline IN ('triage', 'feedback', 'reward_notify', 'reward_pay')),
    due_at     timestamptz NOT NULL,
    raised_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tip_id, deadline, due_at)
);
