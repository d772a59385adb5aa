"""Parses an Atom feed with python's feedparser and prints what it read as JSON, with the bozo
flag (set on any XML or feed error) and the RFC 4287 elements the document lacks, checked on the
raw XML: the feed's id, title, updated, author (or one on every entry) and self link (§4.1.1),
and each entry's id, title, updated, and an alternate link or content (§4.1.2).

Usage: parse_atom.py FILE  ->  {"bozo": 0, "version": "atom10", "missing": [], "feed": {...},
"entries": [...]}
"""

import json
import sys
import xml.etree.ElementTree as ET

import feedparser

A = "{http://www.w3.org/2005/Atom}"


def missing_elements(path: str) -> list:
    root = ET.parse(path).getroot()
    missing = []
    if root.tag != A + "feed":
        return ["feed"]
    for name in ("id", "title", "updated"):
        if root.find(A + name) is None or not (root.find(A + name).text or "").strip():
            missing.append("feed/" + name)
    entries = root.findall(A + "entry")
    has_author = root.find(A + "author/" + A + "name") is not None
    if not has_author and not all(e.find(A + "author/" + A + "name") is not None for e in entries):
        missing.append("feed/author")
    if not any(l.get("rel") == "self" and l.get("href") for l in root.findall(A + "link")):
        missing.append("feed/link[@rel=self]")
    for i, e in enumerate(entries):
        for name in ("id", "title", "updated"):
            if e.find(A + name) is None or not (e.find(A + name).text or "").strip():
                missing.append(f"entry[{i}]/{name}")
        alternate = any(
            l.get("rel", "alternate") == "alternate" and l.get("href") for l in e.findall(A + "link")
        )
        if not alternate and e.find(A + "content") is None:
            missing.append(f"entry[{i}]/link[@rel=alternate]")
    return missing


def links(item) -> list:
    return [{"rel": l.get("rel", ""), "href": l.get("href", ""), "type": l.get("type", "")} for l in item.get("links", [])]


def main(path: str) -> None:
    d = feedparser.parse(path)
    out = {
        "bozo": int(d.bozo),
        "bozo_exception": str(d.get("bozo_exception", "")),
        "version": d.version,
        "missing": missing_elements(path),
        "feed": {
            "id": d.feed.get("id", ""),
            "title": d.feed.get("title", ""),
            "updated": d.feed.get("updated", ""),
            "author": d.feed.get("author", ""),
            "language": d.feed.get("language", ""),
            "links": links(d.feed),
        },
        "entries": [
            {
                "id": e.get("id", ""),
                "title": e.get("title", ""),
                "updated": e.get("updated", ""),
                "summary": e.get("summary", ""),
                "links": links(e),
                "category": e.get("tags", [{}])[0].get("term", "") if e.get("tags") else "",
            }
            for e in d.entries
        ],
    }
    json.dump(out, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main(sys.argv[1])
