-- +goose Up
-- Officers are the office's staff who use the admin. Owned by package officer.
CREATE TABLE officers (
    id                    bigserial PRIMARY KEY,
    username              text NOT NULL UNIQUE CHECK (username ~ '^[a-z0-9][a-z0-9_.-]{1,31}$'),
    display_name          text NOT NULL DEFAULT '' CHECK (char_length(display_name) <= 64),
    role                  text NOT NULL CHECK (role IN ('officer', 'supervisor', 'admin', 'counsellor')),
    password_hash         text NOT NULL,
    must_change_password  boolean NOT NULL DEFAULT false,
    totp_secret           text,
    totp_enrolled_at      timestamptz,
    locale                text NOT NULL DEFAULT 'zh-CN' CHECK (locale IN ('zh-CN', 'en')),
    disabled_at           timestamptz,
    failed_logins         integer NOT NULL DEFAULT 0,
    locked_until          timestamptz,
    -- Sessions issued before this instant are refused: "log out everywhere".
    sessions_valid_after  timestamptz NOT NULL DEFAULT now(),
    last_login_at         timestamptz,
    created_at            timestamptz NOT NULL DEFAULT now(),
    updated_at            timestamptz NOT NULL DEFAULT now(),
    CHECK ((totp_enrolled_at IS NULL) OR (totp_secret IS NOT NULL))
);
