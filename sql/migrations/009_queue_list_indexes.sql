-- +goose Up
-- Owned by package queue. The queue page's orders over all states, per kind:
-- List walks these first (see queue/list.go), so a page costs a few thousand
-- index entries at most whatever the filters.
CREATE INDEX tips_kind_urgent ON tips (kind, priority, created_at, id);
CREATE INDEX tips_kind_created ON tips (kind, created_at, id);
CREATE INDEX tips_kind_due ON tips (kind, triage_due, id);
-- Category and area together (the dashboard's drill-down).
CREATE INDEX tips_category_area ON tips (category, area_code, created_at);
-- Open tips in the urgent order, per kind: open tips are the recent ones, so
-- the all-states index would walk a year of closed tips before the first.
CREATE INDEX tips_open_kind_urgent ON tips (kind, priority, created_at, id) WHERE state <> 'closed';
-- Superseded by the per-kind indexes above (every queue query names its
-- kind); fewer indexes keep intake cheap.
DROP INDEX tips_created;
DROP INDEX tips_open_urgent;
DROP INDEX tips_category_created;
