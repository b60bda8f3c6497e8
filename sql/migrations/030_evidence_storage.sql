-- +goose Up
-- Owned by packages intake (intake_draft_files) and queue (attachments).
-- Evidence is photos and videos, compressed already: PostgreSQL's pglz would
-- try to compress every file's bytes and give up. EXTERNAL keeps them out of
-- line, uncompressed, without the attempt. Rows already stored stay as they
-- are; the setting applies to what is written from now on.
ALTER TABLE intake_draft_files ALTER COLUMN data SET STORAGE EXTERNAL;
ALTER TABLE intake_draft_files ALTER COLUMN original SET STORAGE EXTERNAL;
ALTER TABLE attachments ALTER COLUMN data SET STORAGE EXTERNAL;
ALTER TABLE attachments ALTER COLUMN original SET STORAGE EXTERNAL;

-- +goose Down
ALTER TABLE intake_draft_files ALTER COLUMN data SET STORAGE EXTENDED;
ALTER TABLE intake_draft_files ALTER COLUMN original SET STORAGE EXTENDED;
ALTER TABLE attachments ALTER COLUMN data SET STORAGE EXTENDED;
ALTER TABLE attachments ALTER COLUMN original SET STORAGE EXTENDED;
