-- +goose Up
-- Owned by package queue. The leaders' view and the campaigns page count
-- months of reports; each of their statements now reads one index alone
-- (an index-only scan) instead of the table: arrivals by day received,
-- closings by day closed, outcomes by day solved, campaign reports by day.
CREATE INDEX tips_town_arrivals ON tips (created_at) INCLUDE (area_code, suggested_priority) WHERE kind = 'report';
CREATE INDEX tips_town_closed ON tips (closed_at) INCLUDE (area_code, resolution, satisfaction)
    WHERE state = 'closed' AND kind = 'report';
CREATE INDEX tip_outcomes_solved ON tip_outcomes (solved_on) INCLUDE (tip_id, case_kind, detained, users_found);
-- Only reports that came through a campaign, a fraction of all.
CREATE INDEX tips_campaign_arrivals ON tips (created_at) INCLUDE (campaign_id, category, resolution)
    WHERE campaign_id IS NOT NULL AND kind = 'report';
DROP INDEX tips_campaign_created;

-- +goose Down
CREATE INDEX tips_campaign_created ON tips (created_at, campaign_id) INCLUDE (category, resolution, kind);
DROP INDEX tips_campaign_arrivals;
DROP INDEX tip_outcomes_solved;
DROP INDEX tips_town_closed;
DROP INDEX tips_town_arrivals;
