-- Personal data retention and erasure. Erasing a registration deletes its row (name, address,
-- travel, needs, consent, token hashes); what is kept is a count per event, delegation code (a
-- country's ISO code, IOM, RROCM or OTHER: never an organisation's name) and status, so hosts
-- still see how many came from each country. `retention_erasures` records when the retention
-- policy erased an event's registrations, for its pages and exports to say so.
create table erased_registration_counts (
    event_id bigint not null references events (id) on delete cascade,
    delegation text not null,
    status text not null,
    n bigint not null,
    primary key (event_id, delegation, status)
);

create table retention_erasures (
    event_id bigint primary key references events (id) on delete cascade,
    erased_at bigint not null
);
