-- +goose Up
-- Owned by package officer. Failed logins per account and client address: a
-- client that fails one account's password or one-time code
-- limits.login_failures_per_account times is locked out of that account for a
-- while, and only that client; the owner logging in from elsewhere is not. The
-- account-wide lock (officers.failed_logins, locked_until) let anyone lock
-- anyone, an administrator included, and goes.
CREATE TABLE officer_login_failures (
    officer_id       bigint NOT NULL REFERENCES officers (id) ON DELETE CASCADE,
    client           text NOT NULL,
    -- Failures towards the lock, counted afresh after a quiet window or a lock.
    failures         integer NOT NULL,
    -- Every failure since the row was made, for the administrators' alert.
    total            integer NOT NULL,
    last_failure_at  timestamptz NOT NULL,
    locked_until     timestamptz,
    PRIMARY KEY (officer_id, client)
);

-- Wrong one-time codes on the account from every client in the current
-- window: past a limit no code is accepted until the window ends. Only someone
-- who knows the password can reach this count.
ALTER TABLE officers
    ADD COLUMN totp_failures integer NOT NULL DEFAULT 0,
    ADD COLUMN totp_failures_since timestamptz,
    DROP COLUMN failed_logins,
    DROP COLUMN locked_until;

-- +goose Down
ALTER TABLE officers
    DROP COLUMN totp_failures,
    DROP COLUMN totp_failures_since,
    ADD COLUMN failed_logins integer NOT NULL DEFAULT 0,
    ADD COLUMN locked_until timestamptz;
DROP TABLE officer_login_failures;
