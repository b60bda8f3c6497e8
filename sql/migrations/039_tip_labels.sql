-- +goose Up
-- Owned by package queue. Labels officers put on tips: an operation of the
-- office's managed list (专项行动, the list outcomes are tagged with), or a
-- free word of their own. A free label that later becomes an operation's
-- name stays free; both are found by name.
CREATE TABLE tip_labels (
    tip_id       bigint NOT NULL REFERENCES tips(id) ON DELETE CASCADE,
    operation_id bigint REFERENCES operations(id),
    free_text    text CHECK (char_length(btrim(free_text)) BETWEEN 1 AND 40),
    added_by     bigint REFERENCES officers(id),
    added_at     timestamptz NOT NULL,
    CHECK (num_nonnulls(operation_id, free_text) = 1)
);
CREATE UNIQUE INDEX tip_labels_operation ON tip_labels (tip_id, operation_id) WHERE operation_id IS NOT NULL;
CREATE UNIQUE INDEX tip_labels_free ON tip_labels (tip_id, lower(free_text)) WHERE free_text IS NOT NULL;
CREATE INDEX tip_labels_by_operation ON tip_labels (operation_id) WHERE operation_id IS NOT NULL;
CREATE INDEX tip_labels_by_text ON tip_labels (lower(free_text)) WHERE free_text IS NOT NULL;

-- +goose Down
DROP TABLE tip_labels;
