-- An event's public page counts its seats in one query (taken, held, in line, awaiting approval):
-- this index holds every column that count reads, so it never visits the registrations' rows.
create index registrations_seats_idx on registrations (event_id, status, awaiting_approval, hold_until);
