-- Accounts of the secretariat and of country officials, their sessions, one-time password links,
-- saved form input, the event lifecycle (drafts, versions, previous dates) and the audit log.
create table accounts (
    id integer primary key autoincrement,
    email text not null constraint accounts_email_key unique,
    name text not null default '',
    role text not null check (role in ('secretariat', 'official')),
    country text,
    password_hash text,
    disabled bigint not null default 0,
    created_at bigint not null
);

create table sessions (
    token_hash text primary key,
    account_id bigint not null references accounts (id) on delete cascade,
    created_at bigint not null,
    expires_at bigint not null
);
create index sessions_expires_idx on sessions (expires_at);

create table password_links (
    token_hash text primary key,
    account_id bigint not null references accounts (id) on delete cascade,
    expires_at bigint not null
);

-- Form input kept across a failed save or an expired session, found by a random id in a cookie.
create table form_drafts (
    id text primary key,
    body text not null,
    expires_at bigint not null
);

alter table events add column published bigint not null default 1;
alter table events add column version bigint not null default 0;
alter table events add column cancel_reason text not null default '';

create table event_previous_dates (
    id integer primary key autoincrement,
    event_id bigint not null references events (id) on delete cascade,
    date_precision text not null,
    start_date text not null,
    end_date text not null,
    start_time text,
    end_time text,
    replaced_at bigint not null
);
create index event_previous_dates_event_idx on event_previous_dates (event_id);

create table audit_log (
    id integer primary key autoincrement,
    event_id bigint references events (id) on delete set null,
    event_slug text not null,
    account_id bigint references accounts (id) on delete set null,
    account_email text not null,
    action text not null,
    changes text not null,
    at bigint not null
);
create index audit_log_event_idx on audit_log (event_id, at);
