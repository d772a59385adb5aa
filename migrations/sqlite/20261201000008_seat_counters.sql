-- Confirmed registrations per event and delegation (quota key), kept by triggers in the
-- registration's own transaction, so a seat decision reads a few counters instead of counting
-- every registration of the event. Holds that ran out but are not released yet still count here:
-- the store subtracts them (few, through registrations_seats_idx). Every change of status or
-- quota key happens under the event's lock, so the counters never disagree with the rows.
create table seat_counters (
    event_id integer not null references events (id) on delete cascade,
    quota_key text not null,
    confirmed integer not null,
    primary key (event_id, quota_key)
);

insert into seat_counters (event_id, quota_key, confirmed)
select event_id, quota_key, count(*) from registrations where status = 'confirmed'
group by event_id, quota_key;

create trigger seat_counters_insert after insert on registrations
when new.status = 'confirmed'
begin
  insert into seat_counters (event_id, quota_key, confirmed) values (new.event_id, new.quota_key, 1)
  on conflict (event_id, quota_key) do update set confirmed = confirmed + 1;
end;

create trigger seat_counters_delete after delete on registrations
when old.status = 'confirmed'
begin
  update seat_counters set confirmed = confirmed - 1
  where event_id = old.event_id and quota_key = old.quota_key;
end;

create trigger seat_counters_leave after update of status, quota_key, event_id on registrations
when old.status = 'confirmed'
begin
  update seat_counters set confirmed = confirmed - 1
  where event_id = old.event_id and quota_key = old.quota_key;
end;

create trigger seat_counters_enter after update of status, quota_key, event_id on registrations
when new.status = 'confirmed'
begin
  insert into seat_counters (event_id, quota_key, confirmed) values (new.event_id, new.quota_key, 1)
  on conflict (event_id, quota_key) do update set confirmed = confirmed + 1;
end;
