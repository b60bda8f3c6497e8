-- +goose Up
-- Owned by package queue. Towns the city lists for clean-up (挂牌整治): from
-- the day listed until the day de-listed; a town is listed once at a time.
-- Leaders read them beside each town's figures, and the weekly digest names
-- the towns listed now.
CREATE TABLE town_listings (
    id          bigserial PRIMARY KEY,
    area_code   text NOT NULL CHECK (area_code ~ '^[a-z0-9_]{1,40}$'),
    listed_on   date NOT NULL,
    delisted_on date CHECK (delisted_on >= listed_on),
    note        text NOT NULL DEFAULT '' CHECK (char_length(note) <= 200),
    listed_by   bigint REFERENCES officers(id),
    delisted_by bigint REFERENCES officers(id),
    created_at  timestamptz NOT NULL
);
CREATE UNIQUE INDEX town_listings_current ON town_listings (area_code) WHERE delisted_on IS NULL;

-- +goose Down
DROP TABLE town_listings;
