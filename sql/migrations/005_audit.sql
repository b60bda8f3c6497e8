-- +goose Up
-- The append-only audit log. Owned by package audit.
CREATE TABLE audit_log (
    id          bigserial PRIMARY KEY,
    at          timestamptz NOT NULL DEFAULT now(),
    -- No foreign keys: the log outlives the officers and tips it names.
    officer_id  bigint,
    username    text NOT NULL DEFAULT '',
    action      text NOT NULL CHECK (action ~ '^[a-z_.]{1,60}$'),
    tip_id      bigint,
    client      text NOT NULL DEFAULT '',
    detail      jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_log_at ON audit_log (at DESC, id DESC);
CREATE INDEX audit_log_officer ON audit_log (officer_id, at DESC);
CREATE INDEX audit_log_tip ON audit_log (tip_id, at DESC) WHERE tip_id IS NOT NULL;
CREATE INDEX audit_log_action ON audit_log (action, at DESC);

-- +goose StatementBegin
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$;
-- +goose StatementEnd

CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
