#!/usr/bin/env python3
"""The benchmark's data: 1,000 events and 20,000 registrations, as SQL for a database the server
has already migrated (and loaded with the demo data). The same text runs on SQLite and PostgreSQL:
no ids are written (rows find their event by slug), every column the server reads is set as the
server writes it (server/src/db/: statuses, dates as ISO text in the event's zone, instants as UTC
unix seconds computed with the zone's rules, quota keys, flags as 0/1), and the change counters are
bumped. Deterministic: the same `--now` gives the same rows.

Usage: data.py --now UNIX_SECONDS [--open-capacity N] > data.sql

Events, spread from about 6.5 years back to 2 years ahead (about ten a month), in the member
states' capitals and zones (DST included), a third with times, one in twenty by month only,
tentative, postponed (with their previous dates) and cancelled ones, co-hosts, capacities, quotas
and all three registration modes. Two are special (their slugs are printed on stderr as
`big=...` and `open=...`):
  big   a conference in 40 days with 500 registrations: 300 seats taken (its capacity), 182 on
        the waitlist, 18 cancelled;
  open  a workshop in 60 days open for registration, first come, `--open-capacity` seats (default
        1,000,000), no quota, no deadline, no registrations: the registration benchmark's event.
The other 998 have 0 to 40 registrations each (19,500 in all), placed as the server would place
them (seats, then the waitlist, in order; cancellations promote the next who fit).

When a migration adds a column the server derives from other rows (a seat count, say), set it
here too.
"""

import argparse
import datetime as dt
import json
import sys
from zoneinfo import ZoneInfo

EVENTS = 1000
REGISTRATIONS = 20000
BIG_REGISTRATIONS = 500

# Host, city, the capital's zone (app::domain::Country::capital_zone).
HOSTS = [
    ("GT", "Ciudad de Guatemala", "America/Guatemala"),
    ("SV", "San Salvador", "America/El_Salvador"),
    ("HN", "Tegucigalpa", "America/Tegucigalpa"),
    ("MX", "Ciudad de México", "America/Mexico_City"),
    ("CR", "San José", "America/Costa_Rica"),
    ("PA", "Ciudad de Panamá", "America/Panama"),
    ("DO", "Santo Domingo", "America/Santo_Domingo"),
    ("NI", "Managua", "America/Managua"),
    ("BZ", "Belmopán", "America/Belize"),
    ("CA", "Ottawa", "America/Toronto"),
    ("US", "Washington, D. C.", "America/New_York"),
]
COUNTRIES = [h[0] for h in HOSTS]
TOPICS = [
    ("identificación de víctimas de trata", "identifying victims of trafficking"),
    ("tráfico ilícito de migrantes", "migrant smuggling"),
    ("protección consular", "consular protection"),
    ("niñez y adolescencia migrante no acompañada", "unaccompanied migrant children"),
    ("retorno y reintegración", "return and reintegration"),
    ("gestión de fronteras", "border management"),
    ("asistencia a víctimas", "victim assistance"),
    ("cooperación judicial", "judicial cooperation"),
    ("migración laboral", "labour migration"),
    ("datos y estadísticas migratorias", "migration data and statistics"),
]
KINDS = [  # code, Spanish, English, slug word
    ("workshop", "Taller regional sobre", "Regional workshop on", "taller"),
    ("meeting", "Reunión de la Red de Funcionarios de Enlace sobre", "Liaison Officers Network meeting on", "reunion"),
    ("workshop", "Taller nacional sobre", "National workshop on", "taller"),
    ("conference", "Conferencia sobre", "Conference on", "conferencia"),
    ("meeting", "Reunión técnica sobre", "Technical meeting on", "reunion"),
]
FIRST = ["María", "José", "Ana", "Luis", "Carmen", "Jorge", "Lucía", "Carlos", "Sofía", "Miguel",
         "Elena", "Andrés", "Paula", "Diego", "Laura", "John", "Mary", "David", "Sarah", "Pierre"]
LAST = ["García", "Hernández", "López", "Martínez", "Pérez", "Rodríguez", "Sánchez", "Ramírez",
        "Cruz", "Flores", "Morales", "Vásquez", "Castillo", "Smith", "Tremblay", "Johnson"]
ASCII = str.maketrans("áéíóúñÁÉÍÓÚÑ", "aeiounAEIOUN")
OTHER_ORGS = ["Cruz Roja Guatemalteca", "ACNUR", "Casa Alianza", "Save the Children"]
INSTITUTIONS = ["Ministerio de Relaciones Exteriores", "Dirección General de Migración",
                "Fiscalía contra la Trata de Personas", "Ministerio de Gobernación",
                "Policía Nacional", "Procuraduría de Derechos Humanos"]
POSITIONS = ["", "Directora", "Asesor jurídico", "Oficial de enlace", "Jefe de unidad"]
DIETARY = ["", "", "", "vegetariano", "sin gluten"]
INTERPRETATION = ["", "", "es", "en", "fr"]


def q(value):
    """A SQL literal."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int):
        return str(value)
    return "'" + str(value).replace("'", "''") + "'"


def instant(day, time, tz):
    """UTC unix seconds of a local day and time in zone `tz` (earlier of two, as chrono's
    `earliest`; the times used here never fall in a gap)."""
    local = dt.datetime.combine(day, time or dt.time(0, 0)).replace(tzinfo=ZoneInfo(tz))
    return int(local.timestamp())


def month_end(day):
    nxt = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return nxt - dt.timedelta(days=1)


def event(i, today, now):
    """Event number i (1..1000) as a dict of columns, plus what its registrations need."""
    host, city, tz = HOSTS[(i * 7) % len(HOSTS)]
    kind, title_es, title_en, word = KINDS[i % len(KINDS)]
    topic_es, topic_en = TOPICS[(i * 3) % len(TOPICS)]
    if i == 1:
        offset, kind, title_es, title_en, word = 40, "conference", "Conferencia Regional sobre", "Regional Conference on", "conferencia"
    elif i == 2:
        offset, kind, title_es, title_en, word = 60, "workshop", "Taller regional sobre", "Regional workshop on", "taller"
    else:
        offset = -2400 + round((i - 3) * 3100 / (EVENTS - 3)) + (i * 7) % 5 - 2
    first = today + dt.timedelta(days=offset)
    month_only = i > 2 and i % 20 == 0
    with_times = i <= 2 or i % 3 == 0
    length = 3 if i == 1 else (i % 4 if i % 4 < 3 else 0)
    if month_only:
        first = first.replace(day=1)
        last = month_end(first)
        start_time = end_time = None
        starts_at = instant(first, None, tz)
        ends_at = instant(last + dt.timedelta(days=1), None, tz)
    else:
        last = first + dt.timedelta(days=length)
        start_time, end_time = (dt.time(9, 0), dt.time(17, 30)) if with_times else (None, None)
        starts_at = instant(first, start_time, tz)
        ends_at = instant(last, end_time, tz) if with_times else instant(last + dt.timedelta(days=1), None, tz)
    future = offset > 0
    status = "confirmed"
    if i > 2:
        if month_only or (future and i % 5 == 0):
            status = "tentative"
        elif i % 47 == 0:
            status = "cancelled"
        elif i % 31 == 0:
            status = "postponed"
    created = min(now - 86400, starts_at - 90 * 86400) - (i % 17) * 3600
    updated = min(created + (i % 5) * 86400, now - 3600)
    capacity = {1: 300, 2: None}.get(i, None if i % 4 == 0 else (30 if i % 3 == 0 else 40))
    if i == 2:
        capacity = OPEN_CAPACITY
    mode = "open"
    if i > 2 and i % 50 == 7:
        mode = "approval"
    elif i > 2 and i % 50 == 17:
        mode = "confirm"
    slug = f"{word}-{TOPICS[(i * 3) % len(TOPICS)][0].translate(ASCII).replace(' ', '-')}-{i:04d}-{first.year}"
    if i == 1:
        slug = f"conferencia-regional-migracion-{first.year}"
    elif i == 2:
        slug = f"taller-inscripcion-abierta-{first.year}"
    cohosts = []
    if i % 7 == 0 or i == 1:
        cohosts.append(COUNTRIES[(i * 7 + 1) % len(COUNTRIES)])
    if i % 13 == 0 or i == 1:
        cohosts.append(COUNTRIES[(i * 7 + 2) % len(COUNTRIES)])
    cols = {
        "slug": slug,
        "uid": f"{slug}@enlace.bench",
        "host": host,
        "city": city,
        "venue": "" if i % 2 else "Hotel Real InterContinental",
        "tz": tz,
        "kind": kind,
        "title_es": f"{title_es} {topic_es}" + (" (plenaria)" if i == 1 else ""),
        "title_en": f"{title_en} {topic_en}" + (" (plenary)" if i == 1 else ""),
        "description_es": f"Encuentro de los países miembros de la CRM sobre {topic_es}. "
                          "Se revisarán los avances nacionales y la cooperación regional.",
        "description_en": f"A meeting of the RCM member countries on {topic_en}. "
                          "National progress and regional cooperation will be reviewed.",
        "status": status,
        "capacity": capacity,
        "date_precision": "month" if month_only else "day",
        "start_date": first.isoformat(),
        "end_date": last.isoformat(),
        "start_time": start_time.strftime("%H:%M:%S") if start_time else None,
        "end_time": end_time.strftime("%H:%M:%S") if end_time else None,
        "starts_at": starts_at,
        "ends_at": ends_at,
        "revision": 1 if status == "postponed" else 0,
        "created_at": created,
        "updated_at": updated,
        "published": 1,
        "version": (i % 3) + (1 if status == "postponed" else 0),
        "cancel_reason": "Suspendido por falta de fondos." if status == "cancelled" else "",
        "cancelled_at": updated if status == "cancelled" else None,
        "registration_open": 1 if (i <= 2 or (future and status != "cancelled" and i % 3 == 0)) else 0,
        "registration_quota": 5 if (i > 2 and capacity and i % 6 == 0) else None,
        "registration_deadline": (first - dt.timedelta(days=7)).isoformat() if (i > 2 and future and i % 2 == 0) else None,
        "registration_mode": mode,
    }
    if status == "cancelled":
        # Cancelled within the feeds' 30 days, so the event is still in them (as cancelled).
        cols["updated_at"] = cols["cancelled_at"] = max(created + 3600, now - (i % 20) * 86400)
    extra = {"cohosts": cohosts, "first": first, "last": last, "month_only": month_only}
    return cols, extra


def registrations(i, n, ev, extra, now):
    """The n registrations of event i, placed as the server would: each admitted in order (a seat
    if capacity and quota allow, else the waitlist; in approval mode every other one still
    awaiting the hosts), then one in seventeen cancelled and the waitlist promoted."""
    capacity, quota, mode = ev["capacity"], ev["registration_quota"], ev["registration_mode"]
    rows = []
    opened = ev["created_at"]
    span = max(min(now, ev["starts_at"]) - 3600 - opened, n + 1)
    later = lambda t: min(t + 86400, now - 60)
    for k in range(1, n + 1):
        seed = i * 41 + k
        first, last = FIRST[seed % len(FIRST)], LAST[(seed * 7) % len(LAST)]
        pick = seed % 16
        if pick < 11:
            code, org = COUNTRIES[pick], ""
        elif pick < 13:
            code, org = "IOM", ""
        elif pick < 14:
            code, org = "RROCM", ""
        else:
            code, org = "OTHER", OTHER_ORGS[seed % len(OTHER_ORGS)]
        key = "OTHER:" + " ".join(org.split()).lower() if code == "OTHER" else code
        travels = not extra["month_only"] and seed % 3 != 0
        arrival = extra["first"] - dt.timedelta(days=1)
        departure = extra["last"] + dt.timedelta(days=1)
        created = opened + span * k // (n + 1)
        rows.append({
            "token_hash": f"{i:06d}{k:06d}".rjust(64, "a"),
            "feed_hash": f"{i:06d}{k:06d}".rjust(64, "f"),
            "email": f"{first}.{last}.{i}.{k}@bench.example".translate(ASCII).lower(),
            "name": f"{first} {last}",
            "delegation": code,
            "organisation": org,
            "quota_key": key,
            "institution": INSTITUTIONS[seed % len(INSTITUTIONS)],
            "position": POSITIONS[seed % len(POSITIONS)],
            "lang": "en" if code in ("CA", "US", "BZ") else "es",
            "arrival_date": arrival.isoformat() if travels else None,
            "arrival_time": f"{8 + seed % 12:02d}:{(seed * 5) % 60:02d}" if travels and seed % 2 else None,
            "arrival_flight": f"CM {100 + seed % 900}" if travels else "",
            "departure_date": departure.isoformat() if travels else None,
            "departure_time": "15:45" if travels and seed % 2 else None,
            "departure_flight": f"AV {100 + seed % 900}" if travels else "",
            "hotel": 1 if travels and seed % 2 else 0,
            "transfer": 1 if travels and seed % 4 == 1 else 0,
            "dietary": DIETARY[seed % len(DIETARY)],
            "accessibility": "silla de ruedas" if seed % 29 == 0 else "",
            "interpretation": INTERPRETATION[seed % len(INTERPRETATION)],
            "visa_letter": 1 if seed % 9 == 0 else 0,
            "status": "waitlisted",
            "consent_at": created,
            "created_at": created,
            "updated_at": created,
            "cancelled_at": None,
            "hold_until": None,
            "awaiting_approval": 0,
        })

    def fits(taken, mine):
        return (capacity is None or taken < capacity) and (quota is None or mine < quota)

    def seats():
        by = {}
        for r in rows:
            if r["status"] == "confirmed":
                by[r["quota_key"]] = by.get(r["quota_key"], 0) + 1
        return by

    by, taken = {}, 0
    for k, r in enumerate(rows, 1):
        if mode == "approval" and k % 2 == 0:
            r["awaiting_approval"] = 1
            continue
        if fits(taken, by.get(r["quota_key"], 0)):
            r["status"] = "confirmed"
            taken += 1
            by[r["quota_key"]] = by.get(r["quota_key"], 0) + 1
            if mode == "confirm" and k % 3 == 0:
                r["hold_until"] = now + 86400
    for k, r in enumerate(rows, 1):
        if k % 17 == 0 and not (i == 1 and k > 320):
            r.update(status="cancelled", cancelled_at=later(r["created_at"]),
                     updated_at=later(r["created_at"]), hold_until=None, awaiting_approval=0)
    by = seats()
    taken = sum(by.values())
    for r in rows:
        if r["status"] == "waitlisted" and not r["awaiting_approval"]:
            if capacity is not None and taken >= capacity:
                break
            if fits(taken, by.get(r["quota_key"], 0)):
                r["status"] = "confirmed"
                r["updated_at"] = later(r["created_at"])
                taken += 1
                by[r["quota_key"]] = by.get(r["quota_key"], 0) + 1
    return rows


def inserts(table, columns, rows, event_column=None, chunk=500):
    """Multi-row inserts; with `event_column`, each row's first value is a slug, written as the
    event's id."""
    out = []
    for start in range(0, len(rows), chunk):
        values = []
        for row in rows[start:start + chunk]:
            cells = [q(v) for v in row]
            if event_column:
                cells[0] = f"(select id from events where slug = {cells[0]})"
            values.append("(" + ", ".join(cells) + ")")
        out.append(f"insert into {table} ({', '.join(columns)}) values\n" + ",\n".join(values) + ";")
    return out


def main():
    global OPEN_CAPACITY
    parser = argparse.ArgumentParser()
    parser.add_argument("--now", type=int, required=True)
    parser.add_argument("--open-capacity", type=int, default=1_000_000)
    args = parser.parse_args()
    OPEN_CAPACITY = args.open_capacity
    now = args.now
    today = dt.datetime.fromtimestamp(now, dt.timezone.utc).date()
    events = [event(i, today, now) for i in range(1, EVENTS + 1)]
    # 0 to 40 per event (37·i mod 41), the first 19,500 of them; 500 for the big event.
    counts = {1: BIG_REGISTRATIONS, 2: 0}
    left = REGISTRATIONS - BIG_REGISTRATIONS
    for i in range(3, EVENTS + 1):
        counts[i] = min((37 * i) % 41, left)
        left -= counts[i]
    assert left == 0, left
    columns = list(events[0][0].keys())
    sql = ["begin;"]
    sql += inserts("events", columns, [list(c.values()) for c, _ in events])
    cohosts = [(c["slug"], x) for c, e in events for x in e["cohosts"]]
    sql += inserts("event_cohosts", ["event_id", "country"], cohosts, event_column=True)
    previous = []
    audit = []
    for c, e in events:
        changes = [{"field": f, "old": "", "new": str(c[f])}
                   for f in ("host", "city", "tz", "kind", "title_es", "title_en", "status")]
        audit.append((c["slug"], c["slug"], None, "bench@enlace.bench", "create",
                      json.dumps(changes, ensure_ascii=False), c["created_at"]))
        if c["status"] == "postponed":
            old_first = e["first"] - dt.timedelta(days=30)
            old_last = e["last"] - dt.timedelta(days=30)
            previous.append((c["slug"], c["date_precision"], old_first.isoformat(), old_last.isoformat(),
                             c["start_time"], c["end_time"], c["updated_at"]))
            audit.append((c["slug"], c["slug"], None, "bench@enlace.bench", "postpone",
                          json.dumps([{"field": "dates", "old": old_first.isoformat(),
                                       "new": e["first"].isoformat()}]), c["updated_at"]))
    sql += inserts("event_previous_dates", ["event_id", "date_precision", "start_date", "end_date",
                                            "start_time", "end_time", "replaced_at"],
                   previous, event_column=True)
    sql += inserts("audit_log", ["event_id", "event_slug", "account_id", "account_email", "action",
                                 "changes", "at"], audit, event_column=True)
    reg_rows = []
    reg_columns = None
    for i, (c, e) in enumerate(events, 1):
        for r in registrations(i, counts[i], c, e, now):
            reg_columns = reg_columns or ["event_id"] + list(r.keys())
            reg_rows.append([c["slug"]] + list(r.values()))
    assert len(reg_rows) == REGISTRATIONS
    sql += inserts("registrations", reg_columns, reg_rows, event_column=True)
    # Every change counter (the feeds' cache key, and any a later migration adds).
    sql.append("update change_counters set n = n + 1;")
    sql.append("commit;")
    print("\n".join(sql))
    print(f"big={events[0][0]['slug']} open={events[1][0]['slug']} "
          f"month={today.strftime('%Y-%m')}", file=sys.stderr)


OPEN_CAPACITY = 1_000_000

if __name__ == "__main__":
    main()
