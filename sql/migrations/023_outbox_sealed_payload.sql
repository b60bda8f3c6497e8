-- +goose Up
-- Owned by package outbox. Nothing a reporter said or was told rests in the
-- outbox in clear: the payload of a message to a reporter (a receipt code,
-- the review screen of a report, an officer's question) is sealed in
-- payload_sealed until it is sent, and every finished message, a reporter's
-- or an office chat's, keeps of its payload only the Bot API method of a
-- reply. The payload column then holds {} or {"method": ...}.
ALTER TABLE outbox ADD COLUMN payload_sealed bytea;
ALTER TABLE outbox ADD CONSTRAINT outbox_sealed_until_sent CHECK (state = 'pending' OR payload_sealed IS NULL);

-- Messages finished before this migration lose what they said. Their old
-- versions stay in the table's files until vacuum reuses the space, and in
-- backups and archived WAL for as long as those are kept (docs/operations.md).
UPDATE outbox SET payload = jsonb_strip_nulls(jsonb_build_object('method', payload->'method'))
 WHERE state <> 'pending'
   AND payload <> jsonb_strip_nulls(jsonb_build_object('method', payload->'method'));

-- A reporter's messages were ordered under 'r:' and the hex of the reporter
-- reference, which joins them to the reporter's tips. New ones use a keyed
-- key (anon.Keys.OutboxKey) that SQL cannot compute; those already stored
-- get a random key per reporter, so pending ones keep their order and none
-- joins to a tip. A reporter's messages pending now are ordered apart from
-- the ones queued after the upgrade. Their payloads stay in clear until sent
-- (nothing here holds the key to seal them); the sender reads a payload in
-- clear when there is no sealed one, and erases it once sent.
UPDATE outbox o SET chat_key = m.new_key
  FROM (SELECT chat_key, 'r:' || replace(gen_random_uuid()::text, '-', '') AS new_key
          FROM outbox WHERE chat_key ~ '^r:[0-9a-f]{64}$' GROUP BY chat_key) m
 WHERE o.chat_key = m.chat_key;
