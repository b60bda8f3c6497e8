-- +goose Up
-- The outbox (package outbox) and the bot's inbox (package bot) are queues:
-- each row is written, claimed and finished within seconds, hundreds of
-- times a second at a peak, while finished rows are kept for their
-- retention. Two settings keep their claims cheap.
--
-- Room on each page (fillfactor 70): a claim only sets locked_until, which no
-- index holds, so with room beside the row it is a HOT update and adds no
-- index entries; on full pages every claim added one to each index.
--
-- Vacuum by a fixed number of dead rows, not a share of the table: a claim
-- walks its partial index of pending rows from the oldest, over the entries
-- finished rows left until vacuum removes them. With the default 20 % of a
-- table that keeps millions of sent rows, that walk grew without bound (an
-- outbox claim took 1.4 ms at a few thousand dead entries, 0.4 ms vacuumed).
ALTER TABLE outbox SET (fillfactor = 70,
    autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 2000,
    autovacuum_vacuum_insert_scale_factor = 0, autovacuum_vacuum_insert_threshold = 5000,
    autovacuum_vacuum_cost_delay = 0);
ALTER TABLE bot_inbox SET (fillfactor = 70,
    autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 2000,
    autovacuum_vacuum_insert_scale_factor = 0, autovacuum_vacuum_insert_threshold = 5000,
    autovacuum_vacuum_cost_delay = 0);

-- +goose Down
ALTER TABLE bot_inbox RESET (fillfactor, autovacuum_vacuum_scale_factor, autovacuum_vacuum_threshold,
    autovacuum_vacuum_insert_scale_factor, autovacuum_vacuum_insert_threshold, autovacuum_vacuum_cost_delay);
ALTER TABLE outbox RESET (fillfactor, autovacuum_vacuum_scale_factor, autovacuum_vacuum_threshold,
    autovacuum_vacuum_insert_scale_factor, autovacuum_vacuum_insert_threshold, autovacuum_vacuum_cost_delay);
