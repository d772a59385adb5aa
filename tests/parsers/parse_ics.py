"""Parses an iCalendar file with python's icalendar and prints its events as JSON.

For timed events, the UTC instants are computed twice: with the VTIMEZONE the feed carries
(icalendar builds a tzinfo from it, not from its own database) and with the system's zoneinfo, so
a wrong VTIMEZONE and a wrong local time both show.

Usage: parse_ics.py FILE  ->  {"calendar": {...}, "events": [...]}
"""

import datetime as dt
import json
import sys
from zoneinfo import ZoneInfo

import icalendar


def utc(value: dt.datetime) -> str:
    return value.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def main(path: str) -> None:
    with open(path, "rb") as f:
        cal = icalendar.Calendar.from_ical(f.read())
    feed_zones = {
        str(vtz["TZID"]): vtz.to_tz(lookup_tzid=False) for vtz in cal.walk("VTIMEZONE")
    }
    events = []
    for ev in cal.walk("VEVENT"):
        out = {
            "uid": str(ev["UID"]),
            "summary": str(ev.get("SUMMARY", "")),
            "description": str(ev.get("DESCRIPTION", "")),
            "location": str(ev.get("LOCATION", "")),
            "status": str(ev.get("STATUS", "")),
            "sequence": int(ev.get("SEQUENCE", 0)),
            "transp": str(ev.get("TRANSP", "OPAQUE")),
        }
        for key, name in (("DTSTART", "start"), ("DTEND", "end")):
            prop = ev[key]
            value = prop.dt
            if isinstance(value, dt.datetime):
                tzid = prop.params.get("TZID")
                naive = value.replace(tzinfo=None)
                if tzid is None:
                    raise SystemExit(f"{key} without TZID in {out['uid']}")
                if tzid not in feed_zones:
                    raise SystemExit(f"no VTIMEZONE for {tzid}")
                out[name] = utc(naive.replace(tzinfo=feed_zones[tzid]))
                out[name + "_zoneinfo"] = utc(naive.replace(tzinfo=ZoneInfo(tzid)))
                out["all_day"] = False
            else:
                out[name] = value.isoformat()
                out["all_day"] = True
        events.append(out)
    calendar = {k: str(cal.get(k, "")) for k in ("METHOD", "NAME", "X-WR-CALNAME", "REFRESH-INTERVAL")}
    json.dump({"calendar": calendar, "events": events}, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main(sys.argv[1])
