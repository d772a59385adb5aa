"""Parses an iCalendar file with vobject (a parser independent of python's icalendar) and prints
its events as JSON, in the same shape as parse_ics.py. Timed events are converted to UTC through
the VTIMEZONEs the feed carries, which vobject turns into tzinfo objects itself.

Any warning vobject logs goes to stderr, which the tests require to be empty.

Usage: parse_vobject.py FILE  ->  {"calendar": {...}, "events": [...]}
"""

import datetime as dt
import json
import logging
import sys

import vobject

logging.basicConfig(stream=sys.stderr, level=logging.WARNING)


def utc(value: dt.datetime) -> str:
    return value.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def text(component, name: str) -> str:
    prop = getattr(component, name, None)
    return "" if prop is None else str(prop.value)


def main(path: str) -> None:
    with open(path, encoding="utf-8", newline="") as f:
        cal = vobject.readOne(f.read())
    events = []
    for ev in cal.vevent_list if hasattr(cal, "vevent_list") else []:
        out = {
            "uid": text(ev, "uid"),
            "summary": text(ev, "summary"),
            "description": text(ev, "description"),
            "location": text(ev, "location"),
            "status": text(ev, "status"),
            "sequence": int(text(ev, "sequence") or 0),
            "transp": text(ev, "transp") or "OPAQUE",
        }
        for name, key in (("start", "dtstart"), ("end", "dtend")):
            value = getattr(ev, key).value
            if isinstance(value, dt.datetime):
                if value.tzinfo is None:
                    raise SystemExit(f"floating {key} in {out['uid']}")
                out[name] = utc(value)
                out["all_day"] = False
            else:
                out[name] = value.isoformat()
                out["all_day"] = True
        events.append(out)
    calendar = {
        "METHOD": text(cal, "method"),
        "X-WR-CALNAME": text(cal, "x_wr_calname"),
    }
    json.dump({"calendar": calendar, "events": events}, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main(sys.argv[1])
