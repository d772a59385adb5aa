-- The e-mail digest (issue 15). A subscription is an address, the countries it follows (ISO codes
-- joined by commas; empty for the whole region) and a language. It receives nothing until its
-- mailed confirmation link is used (double opt-in): `confirm_hash` is the SHA-256 of that link's
-- token, cleared once confirmed; unconfirmed rows older than 48 hours are deleted. One confirmed
-- subscription per address: confirming a new one replaces the old. `unsubscribe_hash` is the
-- SHA-256 of the token of its one-click unsubscribe link, which every digest carries: the token
-- itself is kept only sealed with a key derived from the site secret (`unsubscribe_sealed`), so
-- the table alone opens nothing.
create table digest_subscriptions (
    id integer primary key autoincrement,
    email text not null,
    countries text not null default '',
    lang text not null check (lang in ('es', 'en')),
    confirm_hash text unique,
    unsubscribe_hash text not null unique,
    unsubscribe_sealed text not null,
    created_at bigint not null,
    confirmed_at bigint
);
create index digest_subscriptions_email_idx on digest_subscriptions (email);
create unique index digest_subscriptions_confirmed_key on digest_subscriptions (email)
    where confirmed_at is not null;

-- The secretariat's schedule of the weekly digest (day from Monday 0 to Sunday 6, hour 0 to 23,
-- in the region's zone; Monday 08:00 by default) and where the last digest stopped (unix
-- seconds): the next one starts there.
create table digest_settings (
    id bigint primary key check (id = 1),
    weekday bigint not null default 0 check (weekday between 0 and 6),
    hour bigint not null default 8 check (hour between 0 and 23),
    last_until bigint,
    updated_at bigint not null default 0
);
insert into digest_settings (id) values (1);

-- The one-click unsubscribe address of a digest (RFC 8058): the sender writes it as
-- `List-Unsubscribe` with `List-Unsubscribe-Post`. It holds a token: erased with the body.
alter table mail_outbox add column list_unsubscribe text;
