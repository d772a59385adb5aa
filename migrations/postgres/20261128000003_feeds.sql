-- Feeds: when an event was cancelled (it leaves the feeds 30 days later), the UID an imported
-- event had in its source calendar (so importing the same file twice adds nothing), and a counter
-- every change to events bumps in its own transaction, which keys the rendered-feed cache.
alter table events add column cancelled_at bigint;
alter table events add column import_uid text;
update events set cancelled_at = updated_at where status = 'cancelled';
create unique index events_import_uid_key on events (import_uid);

create table change_counters (
    name text primary key,
    n bigint not null
);
insert into change_counters (name, n) values ('events', 0);
