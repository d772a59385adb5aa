-- Registration modes (issue 11): each event takes registrations in one mode: 'open' (first come),
-- 'confirm' (the seat or waitlist place is held until the delegate confirms through the mailed
-- link) or 'approval' (the hosts approve each one). Existing events keep today's behaviour: open.
-- New events get the server's default when they are created (confirm when mail is configured).
alter table events add column registration_mode text not null default 'open'
    check (registration_mode in ('open', 'confirm', 'approval'));

-- Additive marks on a registration, next to its place (status stays confirmed / waitlisted /
-- cancelled): hold_until, the instant (unix seconds) a held place runs out while the address is
-- unconfirmed (kept on an expired, released registration); awaiting_approval, 1 while the hosts
-- have not decided (status 'waitlisted', taking no seat and out of the waitlist's order), kept on
-- a declined one.
alter table registrations add column hold_until bigint;
alter table registrations add column awaiting_approval bigint not null default 0;

-- The periodic release finds live holds by their instant.
create index registrations_hold_idx on registrations (hold_until)
    where hold_until is not null and status <> 'cancelled';
