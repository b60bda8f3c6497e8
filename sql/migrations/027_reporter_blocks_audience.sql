-- +goose Up
-- Owned by package queue. A block keeps a reporter out of one audience: a
-- supervisor's block out of the enforcement reports, a counsellor's out of the
-- help questions. A person blocked for flooding the reports may still ask for
-- help to quit, and a counsellor's block says nothing to the officers.
ALTER TABLE reporter_blocks
    ADD COLUMN audience text NOT NULL DEFAULT 'enforcement' CHECK (audience IN ('enforcement', 'help'));

-- Blocks made before the audience existed: a counsellor only ever blocked
-- from a help question.
UPDATE reporter_blocks b SET audience = 'help'
  FROM officers o WHERE o.id = b.blocked_by AND o.role = 'counsellor';

ALTER TABLE reporter_blocks DROP CONSTRAINT reporter_blocks_pkey;
ALTER TABLE reporter_blocks ADD PRIMARY KEY (reporter_ref, audience);

-- The audience a tip of this kind is submitted to and blocked in, so that the
-- submit, the tip page and the block itself read one rule.
-- +goose StatementBegin
CREATE FUNCTION block_audience(kind text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT CASE kind WHEN 'help' THEN 'help' ELSE 'enforcement' END $$;
-- +goose StatementEnd

-- +goose Down
DROP FUNCTION block_audience(text);
DELETE FROM reporter_blocks b
 WHERE audience = 'help'
   AND EXISTS (SELECT 1 FROM reporter_blocks e WHERE e.reporter_ref = b.reporter_ref AND e.audience = 'enforcement');
ALTER TABLE reporter_blocks DROP CONSTRAINT reporter_blocks_pkey;
ALTER TABLE reporter_blocks ADD PRIMARY KEY (reporter_ref);
ALTER TABLE reporter_blocks DROP COLUMN audience;
