-- +goose Up
-- The last TOTP time step (Unix time / 30) an officer's code was accepted for:
-- a code is refused for that step or an earlier one, so an overheard or
-- replayed code cannot be used a second time. Owned by package officer.
ALTER TABLE officers ADD COLUMN totp_last_step bigint;
