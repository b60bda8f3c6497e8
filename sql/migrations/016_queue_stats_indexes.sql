-- +goose Up
-- Owned by package queue. The dashboard's and the digests' figures
-- (queue/stats.go) at a million tips: each comes from one index, read without
-- visiting the table, over only the rows it counts.

-- What arrived in a window, by category, area and day: one index-only range
-- scan. Same keys as 009's tips_kind_created (List's newest/oldest orders).
CREATE INDEX tips_kind_created_cover ON tips (kind, created_at, id) INCLUDE (category, area_code);
DROP INDEX tips_kind_created;

-- The open queue: the backlog by state and how much of it is overdue, and
-- forwarded tips in feedback-deadline order (OverdueTips). Closed tips, most
-- of the table, are not in it.
CREATE INDEX tips_open_state ON tips (kind, state, feedback_due, triage_due) WHERE state <> 'closed';

-- Median time to triage of the tips triaged in a window. New tips are not in
-- it, so intake does not write it.
CREATE INDEX tips_triaged ON tips (triaged_at) INCLUDE (kind, created_at) WHERE triaged_at IS NOT NULL;

-- Median time to close of the tips closed in a window, and Purge's walk over
-- closed tips by closing time; replaces 002's tips_closed_at.
CREATE INDEX tips_closed ON tips (closed_at) INCLUDE (kind, resolution, created_at) WHERE state = 'closed';
DROP INDEX tips_closed_at;

-- Rewards waiting, and their deadlines (RewardDeadlines).
CREATE INDEX tips_reward_open ON tips (kind, reward_state, reward_approved_at, reward_claim_due)
    WHERE reward_state IN ('eligible', 'approved', 'notified');
