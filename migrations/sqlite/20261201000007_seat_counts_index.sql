-- An event's public page counts its seats in one query (taken, held, in line, awaiting approval):
-- this index holds every column that count reads, and the seat decision's counts per delegation and
-- its release of expired holds, so none of them visits the registrations' rows.
create index registrations_seats_idx on registrations
  (event_id, status, hold_until, awaiting_approval, quota_key);
