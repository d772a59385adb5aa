-- The mail outbox: every message to a delegate is written here in the same transaction as the
-- change it is about (a registration, a cancellation, a promotion, new links), then sent by a
-- worker with retries. `locked_until` is a sender's lease on a row (claimed with
-- `for update skip locked`, so several servers on one database never send a row twice); the body
-- and attachment (which hold private links) are erased once the message is sent or given up.
create table mail_outbox (
    id bigint generated always as identity primary key,
    recipient text not null,
    subject text not null,
    body text not null,
    ics text,
    ics_name text not null default '',
    kind text not null,
    event_id bigint references events (id) on delete cascade,
    attempts bigint not null default 0,
    next_attempt_at bigint not null,
    locked_until bigint not null default 0,
    last_error text,
    status text not null default 'pending' check (status in ('pending', 'sent', 'failed')),
    created_at bigint not null,
    sent_at bigint
);
create index mail_outbox_due_idx on mail_outbox (status, next_attempt_at);
create index mail_outbox_event_idx on mail_outbox (event_id, status);

-- The merged personal feed of an address (every live registration it has), only ever mailed to
-- that address: one live token per address, stored as its SHA-256; a new one replaces the old.
create table person_feeds (
    email text primary key,
    token_hash text not null constraint person_feeds_token_key unique,
    created_at bigint not null
);
