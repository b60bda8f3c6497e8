-- +goose Up
-- Owned by package outbox (and, for deadline_alerts, package jobs). The office
-- hears from Tipline through group robots (WeCom, DingTalk, Feishu webhooks)
-- as well as Telegram: a robot's message is a row with no chat id, addressed
-- by its chat key 'robot:<name>' alone, delivered by package notify.
ALTER TABLE outbox DROP CONSTRAINT outbox_recipient;
ALTER TABLE outbox ADD CONSTRAINT outbox_recipient CHECK (
    num_nonnulls(chat_id, chat_sealed) = 1
    OR (chat_key ~ '^robot:[a-z0-9_]{1,32}$' AND chat_id IS NULL AND chat_sealed IS NULL)
    OR (state IN ('sent', 'dead') AND chat_id IS NULL AND chat_sealed IS NULL));
-- The robots' sender claims only robot rows and the bot's sender none of them.
CREATE INDEX outbox_robot_due ON outbox (next_attempt_at, id)
 WHERE state = 'pending' AND chat_key LIKE 'robot:%';

-- An urgent tip nobody has claimed in time is escalated to supervisors once.
ALTER TABLE deadline_alerts DROP CONSTRAINT deadline_alerts_deadline_check;
ALTER TABLE deadline_alerts ADD CONSTRAINT deadline_alerts_deadline_check
    CHECK (deadline IN ('triage', 'feedback', 'reward_notify', 'reward_pay', 'urgent_unclaimed'));
