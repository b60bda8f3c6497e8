-- +goose Up
-- A tip is closed as a duplicate only by naming the tip it repeats. 008 relaxed
-- the check so that purging the original (duplicate_of ON DELETE SET NULL) does
-- not fail; this trigger keeps the rule for every write that sets the
-- resolution, which the foreign key's SET NULL never does.

-- +goose StatementBegin
CREATE FUNCTION tips_duplicate_needs_original() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.resolution = 'duplicate' AND NEW.duplicate_of IS NULL THEN
        RAISE EXCEPTION 'a tip closed as duplicate must name the tip it repeats'
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END;
$$;
-- +goose StatementEnd

CREATE TRIGGER tips_duplicate_needs_original
    BEFORE INSERT OR UPDATE OF resolution ON tips
    FOR EACH ROW EXECUTE FUNCTION tips_duplicate_needs_original();
