-- Meeting outcomes (issue 15): a meeting's record (its report), its numbered agreements and their
-- commitments, each commitment's per-member statuses ("all delegations") and dated progress
-- notes; and the region's change log, whose entries are written once, in the transaction of the
-- change they tell, and read by the Atom feeds and the e-mail digest.
--
-- Lists are kept as comma-separated codes (`delegations`, `events`, `parties`), always written
-- sorted by the store from the domain's checked values. `changes.countries` is written
-- `,MX,GT,` so that a country's feed filters with `like '%,MX,%'`.
create table meeting_records (
    event_id bigint primary key references events (id) on delete cascade,
    title_es text not null,
    title_en text not null,
    place text not null,
    status text not null check (status in ('draft', 'final')),
    preamble_es text not null default '',
    preamble_en text not null default '',
    delegations text not null default '',
    version bigint not null default 1,
    created_at bigint not null,
    updated_at bigint not null,
    final_at bigint
);

create table agreements (
    id integer primary key autoincrement,
    event_id bigint not null references meeting_records (event_id) on delete cascade,
    number bigint not null check (number between 1 and 999),
    text_es text not null,
    text_en text not null,
    events text not null default '',
    constraint agreements_number_key unique (event_id, number)
);

create table commitments (
    id integer primary key autoincrement,
    uid text not null constraint commitments_uid_key unique,
    agreement_id bigint not null references agreements (id) on delete cascade,
    position bigint not null,
    parties text not null,
    action_es text not null,
    action_en text not null,
    due_kind text not null
        check (due_kind in ('on', 'before', 'when', 'periodically', 'unstated')),
    due_date text,
    due_event text,
    condition_es text not null default '',
    condition_en text not null default '',
    status text not null check (status in ('pending', 'in_progress', 'done', 'dropped')),
    sequence bigint not null default 0,
    created_at bigint not null,
    updated_at bigint not null
);
create index commitments_agreement_idx on commitments (agreement_id, position);

create table commitment_members (
    commitment_id bigint not null references commitments (id) on delete cascade,
    country text not null,
    status text not null check (status in ('pending', 'in_progress', 'done', 'dropped')),
    primary key (commitment_id, country)
);

create table commitment_notes (
    id integer primary key autoincrement,
    commitment_id bigint not null references commitments (id) on delete cascade,
    on_day text not null,
    party text not null,
    text_es text not null,
    text_en text not null,
    account_email text not null,
    created_at bigint not null
);
create index commitment_notes_commitment_idx on commitment_notes (commitment_id, on_day, id);

create table changes (
    id integer primary key autoincrement,
    key text not null constraint changes_key_key unique,
    kind text not null,
    event_id bigint references events (id) on delete set null,
    path text not null,
    countries text not null default '',
    title_es text not null,
    title_en text not null,
    summary_es text not null,
    summary_en text not null,
    at bigint not null
);
create index changes_at_idx on changes (at, id);

insert into change_counters (name, n) values ('outcomes', 0);
insert into change_counters (name, n) values ('changes', 0);
