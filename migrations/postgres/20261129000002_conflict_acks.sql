-- The secretariat's acknowledgements of coordination conflicts, by the conflict's stable key.
-- `substance` is what the conflict was about when acknowledged (the events' hosts, zones and dates,
-- the holiday, the severity): when the conflict's substance differs now, the page shows it as
-- changed since acknowledged, no longer covered.
create table conflict_acks (
    conflict_key text primary key,
    substance text not null,
    note text not null,
    account_id bigint references accounts (id) on delete set null,
    by_email text not null,
    acknowledged_at bigint not null
);
