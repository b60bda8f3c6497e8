-- +goose Up
-- Owned by package webreport. The key of each day under which the web report
-- turns a client's address into the key of its abuse counters (an HMAC; the
-- address itself is never stored). Replicas share the day's key through this
-- row; the key is deleted once its day is over, so no backup older than a day
-- can link a counter to an address.
CREATE TABLE web_client_keys (
    day  date PRIMARY KEY,
    key  bytea NOT NULL CHECK (octet_length(key) = 32)
);

-- +goose Down
DROP TABLE web_client_keys;
