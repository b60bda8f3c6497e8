-- +goose Up
-- Owned by package queue. A help question is closed in its own words: the
-- counsellor gave information, referred the person to community
-- rehabilitation, or heard nothing back; "actioned" or "unfounded" would
-- speak of a person asking for help as of a suspect. Duplicate and spam stay
-- shared. Help questions closed before keep their meaning in the new words.
UPDATE tips SET resolution = 'info_given'
 WHERE kind = 'help' AND resolution IN ('actioned', 'out_of_scope');
UPDATE tips SET resolution = 'no_reply'
 WHERE kind = 'help' AND resolution = 'unfounded';
ALTER TABLE tips DROP CONSTRAINT tips_resolution_check;
ALTER TABLE tips ADD CONSTRAINT tips_resolution_check CHECK (
    CASE kind
        WHEN 'help' THEN resolution IN ('info_given', 'referred_rehab', 'no_reply', 'duplicate', 'spam')
        ELSE resolution IN ('actioned', 'unfounded', 'duplicate', 'spam', 'out_of_scope')
    END);

-- What an officer writes on a tip, a note or a question to the reporter, is
-- at most 3,000 characters (queue.MaxOfficerText): a question must reach the
-- reporter whole in one Telegram message with the words around it. Rows
-- written before keep their length (NOT VALID checks only new writes).
ALTER TABLE notes DROP CONSTRAINT notes_body_check;
ALTER TABLE notes ADD CONSTRAINT notes_body_check
    CHECK (char_length(body) BETWEEN 1 AND 3000) NOT VALID;
ALTER TABLE dialogue ADD CONSTRAINT dialogue_question_length
    CHECK (direction <> 'to_reporter' OR char_length(body) <= 3000) NOT VALID;

-- +goose Down
UPDATE tips SET resolution = 'actioned' WHERE resolution IN ('info_given', 'referred_rehab');
UPDATE tips SET resolution = 'unfounded' WHERE resolution = 'no_reply';
ALTER TABLE tips DROP CONSTRAINT tips_resolution_check;
ALTER TABLE tips ADD CONSTRAINT tips_resolution_check
    CHECK (resolution IN ('actioned', 'unfounded', 'duplicate', 'spam', 'out_of_scope'));
ALTER TABLE dialogue DROP CONSTRAINT dialogue_question_length;
ALTER TABLE notes DROP CONSTRAINT notes_body_check;
ALTER TABLE notes ADD CONSTRAINT notes_body_check CHECK (char_length(body) BETWEEN 1 AND 10000) NOT VALID;
