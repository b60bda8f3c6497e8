-- +goose Up
-- Officer sessions, in the shape github.com/alexedwards/scs/postgresstore expects.
CREATE TABLE sessions (
    token   text PRIMARY KEY,
    data    bytea NOT NULL,
    expiry  timestamptz NOT NULL
);
CREATE INDEX sessions_expiry_idx ON sessions (expiry);

-- Failed logins per client address, for slowing down and locking out guessing
-- without revealing which usernames exist. Owned by package admin.
CREATE TABLE login_failures (
    client        text NOT NULL,
    window_start  timestamptz NOT NULL,
    count         integer NOT NULL DEFAULT 0,
    PRIMARY KEY (client, window_start)
);
