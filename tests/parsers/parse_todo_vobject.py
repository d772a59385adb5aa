"""Parses an iCalendar to-do feed with vobject and prints its VTODOs as JSON, in the same shape
as parse_todo.py. Any warning vobject logs goes to stderr, which the tests require to be empty.

Usage: parse_todo_vobject.py FILE  ->  {"calendar": {...}, "todos": [...]}
"""

import datetime as dt
import json
import logging
import sys

import vobject

logging.basicConfig(stream=sys.stderr, level=logging.WARNING)


def text(component, name: str) -> str:
    prop = getattr(component, name, None)
    return "" if prop is None else str(prop.value)


def main(path: str) -> None:
    with open(path, encoding="utf-8", newline="") as f:
        cal = vobject.readOne(f.read())
    todos = []
    for todo in cal.vtodo_list if hasattr(cal, "vtodo_list") else []:
        due = getattr(todo, "due", None)
        value = None if due is None else due.value
        out = {
            "uid": text(todo, "uid"),
            "summary": text(todo, "summary"),
            "description": text(todo, "description"),
            "status": text(todo, "status"),
            "percent": int(text(todo, "percent_complete") or 0),
            "related_to": text(todo, "related_to"),
            "sequence": int(text(todo, "sequence") or 0),
            "url": text(todo, "url"),
            "dtstamp": todo.dtstamp.value.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "due": "" if value is None else value.isoformat(),
            "due_is_date": value is not None and not isinstance(value, dt.datetime),
        }
        todos.append(out)
    calendar = {"METHOD": text(cal, "method"), "X-WR-CALNAME": text(cal, "x_wr_calname")}
    json.dump({"calendar": calendar, "todos": todos}, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main(sys.argv[1])
