#!/usr/bin/env python3
"""Checks that the server reads the generated data as it reads its own (scripts/bench/data.py):
public pages, a sign-in, the hosts' pages and exports of events with registrations, and the
whole feed. A wrong or missing column shows as an error page (the store refuses corrupt rows), so
every page must answer 200. With python's icalendar installed (scripts/test.sh puts it in
target/pyenv), the feed is also parsed by it; without, it is checked line by line.

Usage: check.py BASE_URL --email E --password P --events N --public PATH... --hosts PATH...
    [--text PATH TEXT]...
--events: how many events the feed must have; --public: pages anyone sees; --hosts: pages of a
signed-in secretariat (E, P); --text: a page that must contain TEXT. Prints one line per request
and exits 1 on the first failure.
"""

import argparse
import gzip
import html
import http.cookiejar
import re
import sys
import time
import urllib.error
import urllib.parse
import urllib.request


def fail(message):
    print(f"CHECK FAILED: {message}", file=sys.stderr)
    sys.exit(1)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("base")
    parser.add_argument("--email", required=True)
    parser.add_argument("--password", required=True)
    parser.add_argument("--events", type=int, required=True)
    parser.add_argument("--public", nargs="+", default=[])
    parser.add_argument("--hosts", nargs="+", default=[])
    parser.add_argument("--text", nargs=2, action="append", default=[])
    args = parser.parse_args()
    base = args.base
    checks = {"email": args.email, "password": args.password, "events": args.events,
              "public": args.public, "hosts": args.hosts, "texts": dict(args.text)}
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))

    def get(path):
        started = time.monotonic()
        try:
            with opener.open(base + path, timeout=60) as r:
                body = r.read()
                status = r.status
        except urllib.error.HTTPError as e:
            body, status = e.read(), e.code
        ms = (time.monotonic() - started) * 1000
        print(f"  {status} {len(body):>8} B {ms:7.1f} ms  {path}")
        if status != 200:
            fail(f"{path} answered {status}: {body[:300]!r}")
        return body

    def text_of(body):
        page = re.sub(r"<script.*?</script>", "", body.decode(), flags=re.S)
        return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page)))

    for path in checks["public"]:
        body = get(path)
        want = checks["texts"].get(path)
        if want and want not in text_of(body):
            fail(f"{path} does not say {want!r}")

    # Sign in as the benchmark's secretariat account, then the hosts' pages.
    form = get("/signin").decode()
    token = re.search(r'name="authenticity_token" value="([^"]*)"', form).group(1)
    data = urllib.parse.urlencode({"authenticity_token": token, "email": checks["email"],
                                   "password": checks["password"]}).encode()
    with opener.open(base + "/signin", data=data, timeout=60) as r:
        if "signin" in r.url:
            fail(f"signing in did not work (landed on {r.url})")
    for path in checks["hosts"]:
        get(path)

    feed = get("/calendar.ics")
    request = urllib.request.Request(base + "/calendar.ics", headers={"Accept-Encoding": "gzip"})
    with urllib.request.urlopen(request, timeout=60) as r:
        if r.headers.get("Content-Encoding") != "gzip" or gzip.decompress(r.read()) != feed:
            fail("the gzipped feed is not the gzip of the feed")
    check_feed(feed.decode(), checks["events"])
    print("  the generated data reads back: every page 200, the feed parses")


def check_feed(text, events):
    if "\r\n" not in text:
        fail("the feed's lines do not end with CRLF")
    lines = text.replace("\r\n ", "").split("\r\n")
    stack, count, props = [], 0, set()
    for line in lines:
        if not line:
            continue
        name = re.split(r"[;:]", line, maxsplit=1)[0]
        if name == "BEGIN":
            stack.append(line[6:])
            props = set() if line == "BEGIN:VEVENT" else props
        elif name == "END":
            if not stack or stack.pop() != line[4:]:
                fail(f"the feed's {line} closes nothing open")
            if line == "END:VEVENT":
                count += 1
                missing = {"UID", "DTSTAMP", "DTSTART", "SUMMARY"} - props
                if missing:
                    fail(f"an event of the feed has no {', '.join(sorted(missing))}")
        else:
            props.add(name)
    if stack:
        fail(f"the feed leaves {stack} open")
    if count != events:
        fail(f"the feed has {count} events, not {events}")
    try:
        import icalendar
    except ImportError:
        print(f"  the feed: {count} events, well formed (python's icalendar not installed)")
        return
    parsed = icalendar.Calendar.from_ical(text)
    n = len(parsed.walk("VEVENT"))
    if n != events:
        fail(f"icalendar reads {n} events, not {events}")
    print(f"  the feed: {count} events, well formed, read by icalendar {icalendar.__version__}")


if __name__ == "__main__":
    main()
