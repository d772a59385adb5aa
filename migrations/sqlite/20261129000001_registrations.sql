-- Registrations of delegates: per-event settings (open, quota per delegation, deadline; the
-- capacity is the event's own), and one row per registration with its travel and logistics data.
-- Manage and personal-feed tokens are stored only as SHA-256 hashes. At most one live (not
-- cancelled) registration per e-mail address and event.
alter table events add column registration_open bigint not null default 0;
alter table events add column registration_quota bigint;
alter table events add column registration_deadline text;

create table registrations (
    id integer primary key autoincrement,
    event_id bigint not null references events (id) on delete cascade,
    token_hash text not null constraint registrations_token_key unique,
    feed_hash text not null constraint registrations_feed_key unique,
    feed_generation bigint not null default 0,
    submission_hash text constraint registrations_submission_key unique,
    submission_box text,
    email text not null,
    name text not null,
    delegation text not null,
    organisation text not null default '',
    quota_key text not null,
    institution text not null default '',
    position text not null default '',
    lang text not null,
    arrival_date text,
    arrival_time text,
    arrival_flight text not null default '',
    departure_date text,
    departure_time text,
    departure_flight text not null default '',
    hotel bigint not null default 0,
    transfer bigint not null default 0,
    dietary text not null default '',
    accessibility text not null default '',
    interpretation text not null default '',
    visa_letter bigint not null default 0,
    status text not null check (status in ('confirmed', 'waitlisted', 'cancelled')),
    consent_at bigint not null,
    created_at bigint not null,
    updated_at bigint not null,
    cancelled_at bigint
);
create unique index registrations_live_email_key on registrations (event_id, email) where status <> 'cancelled';
create index registrations_event_idx on registrations (event_id, status, id);
create index registrations_email_idx on registrations (email);
