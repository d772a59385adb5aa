-- Confirmed registrations per event and delegation (quota key), kept by a trigger in the
-- registration's own transaction, so a seat decision reads a few counters instead of counting
-- every registration of the event. Holds that ran out but are not released yet still count here:
-- the store subtracts them (few, through registrations_seats_idx). Every change of status or
-- quota key happens under the event's lock (`for update`), taken before these rows, so the
-- counters never disagree with the rows and their row locks always come second.
create table seat_counters (
    event_id bigint not null references events (id) on delete cascade,
    quota_key text not null,
    confirmed bigint not null,
    primary key (event_id, quota_key)
);

insert into seat_counters (event_id, quota_key, confirmed)
select event_id, quota_key, count(*) from registrations where status = 'confirmed'
group by event_id, quota_key;

create function seat_counters_follow() returns trigger language plpgsql as $$
begin
  if tg_op in ('UPDATE', 'DELETE') and old.status = 'confirmed' then
    update seat_counters set confirmed = confirmed - 1
    where event_id = old.event_id and quota_key = old.quota_key;
  end if;
  if tg_op in ('UPDATE', 'INSERT') and new.status = 'confirmed' then
    insert into seat_counters (event_id, quota_key, confirmed)
    values (new.event_id, new.quota_key, 1)
    on conflict (event_id, quota_key) do update set confirmed = seat_counters.confirmed + 1;
  end if;
  return null;
end
$$;

create trigger seat_counters_follow
after insert or delete or update of status, quota_key, event_id on registrations
for each row execute function seat_counters_follow();
