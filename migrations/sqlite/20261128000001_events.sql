-- Events and their co-hosts. Instants are UTC unix seconds; local dates and times are ISO text in
-- the event's IANA zone (tz), which is the source of truth for what a calendar shows.
create table events (
    id integer primary key autoincrement,
    slug text not null constraint events_slug_key unique,
    uid text not null constraint events_uid_key unique,
    host text not null,
    city text not null,
    venue text not null default '',
    tz text not null,
    kind text not null,
    title_es text not null default '',
    title_en text not null default '',
    description_es text not null default '',
    description_en text not null default '',
    status text not null,
    capacity bigint,
    date_precision text not null check (date_precision in ('day', 'month')),
    start_date text not null,
    end_date text not null,
    start_time text,
    end_time text,
    starts_at bigint not null,
    ends_at bigint not null,
    revision bigint not null default 0,
    created_at bigint not null,
    updated_at bigint not null
);

create index events_starts_at_idx on events (starts_at);
create index events_ends_at_idx on events (ends_at);
create index events_days_idx on events (start_date, end_date);

create table event_cohosts (
    event_id bigint not null references events (id) on delete cascade,
    country text not null,
    primary key (event_id, country)
);

-- One-time markers, such as "the demo data was loaded" (so it is never loaded twice).
create table app_meta (
    key text primary key,
    value text not null
);
