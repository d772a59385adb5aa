"""Parses an iCalendar to-do feed with python's icalendar and prints its VTODOs as JSON.

Usage: parse_todo.py FILE  ->  {"calendar": {...}, "todos": [...]}
"""

import datetime as dt
import json
import sys

import icalendar


def due(todo) -> dict:
    prop = todo.get("DUE")
    if prop is None:
        return {"due": "", "due_is_date": False}
    value = prop.dt
    is_date = isinstance(value, dt.date) and not isinstance(value, dt.datetime)
    return {"due": value.isoformat(), "due_is_date": is_date}


def main(path: str) -> None:
    with open(path, "rb") as f:
        cal = icalendar.Calendar.from_ical(f.read())
    todos = []
    for todo in cal.walk("VTODO"):
        out = {
            "uid": str(todo["UID"]),
            "summary": str(todo.get("SUMMARY", "")),
            "description": str(todo.get("DESCRIPTION", "")),
            "status": str(todo.get("STATUS", "")),
            "percent": int(todo.get("PERCENT-COMPLETE", 0)),
            "related_to": str(todo.get("RELATED-TO", "")),
            "sequence": int(todo.get("SEQUENCE", 0)),
            "url": str(todo.get("URL", "")),
            "dtstamp": todo["DTSTAMP"].dt.strftime("%Y-%m-%dT%H:%M:%SZ"),
        }
        out.update(due(todo))
        todos.append(out)
    calendar = {k: str(cal.get(k, "")) for k in ("METHOD", "NAME", "X-WR-CALNAME")}
    json.dump({"calendar": calendar, "todos": todos}, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main(sys.argv[1])
