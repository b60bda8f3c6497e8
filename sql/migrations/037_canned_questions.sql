-- +goose Up
-- Owned by package queue. Questions officers ask reporters often ("where
-- exactly", "which time of day"), written once in both languages by a
-- supervisor, picked and edited on a tip before sending. An archived one is
-- offered no more; questions already sent are in the dialogue, not here.
CREATE TABLE canned_questions (
    id          bigserial PRIMARY KEY,
    text_zh     text NOT NULL CHECK (char_length(btrim(text_zh)) BETWEEN 1 AND 2000),
    text_en     text NOT NULL CHECK (char_length(btrim(text_en)) BETWEEN 1 AND 2000),
    archived_at timestamptz,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);

-- +goose Down
DROP TABLE canned_questions;
