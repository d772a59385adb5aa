#!/usr/bin/env python3
"""The server rows of scripts/bench.sh into Markdown for BENCHMARKS.md.

  report.py server DIR    DIR/runs/<row>-<n>.json (one wrk run each, see get.lua) and
                          DIR/facts.tsv (key, tab, value) into DIR/server.md (the section: every
                          run, medians, checks, commands) and DIR/rows.json (the summary cells)
  report.py coordination LOG DIR MACHINE
                          criterion's output (cargo bench -p app --bench coordination) into
                          DIR/coordination.md and DIR/coordination.json
  report.py table FILE ROWS_JSON...
                          the summary table (issue 14's rows: before, now, target), with the
                          cells of ROWS_JSON merged into those FILE (BENCHMARKS.md) already has,
                          which it keeps in a comment of the table's section
"""

import json
import pathlib
import re
import statistics
import sys
import time

# key, work, before (issue 14), target
TABLE = [
    ("event", "event page (the big event, 500 registrations)",
     "431 / 660 req/s, p99 44.5 / 44.0 ms, 13 / 14 panics in the log (two runs)",
     "≥ 3,700 req/s (100× Indico 3.2's 36.6), p99 ≤ 10 ms, 0 panics"),
    ("pages", "home page / month calendar", "1,245 / 705 req/s, p99 3.0 / 5.0 ms",
     "p99 ≤ 5 ms for both"),
    ("feed304", "1,000-event feed, 304 answers",
     "12,937 / 17,116 req/s = 0.53× / 0.59× nginx's 304s (two runs)", "≥ 0.8× nginx"),
    ("feedgz", "1,000-event feed, gzip",
     "15,163 req/s = 0.60× nginx `gzip_static` with the same bytes", "≥ 0.8×"),
    ("reg-sqlite", "registrations through HTTP, SQLite, 8 connections",
     "927/s, p99 734 ms, 0 overbooked", "≥ 2,000/s, p99 ≤ 50 ms, 0 overbooked"),
    ("reg-postgres", "registrations through HTTP, PostgreSQL, 8 connections", "not measured",
     "PostgreSQL's figure (the same targets)"),
    ("memory", "server memory, peak RSS over the whole run", "87.7 MB", "≤ 48 MiB"),
    ("binary", "release binary", "175 MB unstripped (43.5 MB of code)", "≤ 40 MB as shipped"),
    ("coordination", "coordination engine, 100,000 events", "150.7 ms", "< 200 ms"),
]
PAGE_ROWS = ["event", "home", "calendar", "feed304", "feed304-nginx", "feedgz", "feedgz-nginx"]


def verdict(ok):
    return "**met**" if ok else "**not met**"


def load_runs(d):
    runs = {}
    for f in sorted((d / "runs").glob("*.json")):
        row, n = f.stem.rsplit("-", 1)
        runs.setdefault(row, {})[int(n)] = json.loads(f.read_text())
    return runs


def med(values):
    return statistics.median(values) if values else float("nan")


def successes(run):
    return sum(n for s, n in run.get("statuses", {}).items() if 200 <= int(s) < 400)


def server(d):
    d = pathlib.Path(d)
    facts = dict(line.split("\t", 1) for line in (d / "facts.tsv").read_text().splitlines() if "\t" in line)
    runs = load_runs(d)
    out, rows = [], {}
    f = facts.get
    out.append(f"Machine: {f('machine')}.")
    out.append(f"Server: `{f('binary')}` ({f('binary_note')}), site `{f('site')}`.")
    warm = (f" The pages and feeds after a {f('warmup')} s warm-up of each, interleaved (run 1 of "
            f"every row, then run 2, ...)." if f("warmup") else "")
    out.append(f"Command: `{f('command')}` ({f('date')}): {f('runs')} runs of {f('seconds')} s per "
               f"figure, medians.{warm}")
    out.append("")
    out.append(f"Data: {f('data')}")
    out.append("")
    have_pages = all(r in runs for r in PAGE_ROWS)
    if have_pages:
        out.append("| figure (wrk -t2 -c2) | req/s per run | median req/s | p99 per run | median p99 | bytes per answer |")
        out.append("| --- | --- | ---: | --- | ---: | ---: |")
        m = {}
        for row in PAGE_ROWS:
            rs = [runs[row][n] for n in sorted(runs[row])]
            m[row] = (med([r["rps"] for r in rs]), med([r["p99_us"] / 1000 for r in rs]))
            bad = sum(r["non_2xx_3xx"] + r["socket_errors"] for r in rs)
            label = facts.get("label_" + row, row) + (f" (**{bad} errors**)" if bad else "")
            per_rps = " / ".join(f"{r['rps']:,.0f}" for r in rs)
            per_p99 = " / ".join(f"{r['p99_us'] / 1000:.2f}" for r in rs)
            out.append(f"| {label} | {per_rps} | **{m[row][0]:,.0f}** | {per_p99} ms | "
                       f"**{m[row][1]:.2f} ms** | {rs[0]['bytes_per_answer']:,.0f} |")
        ratio = {}
        for row in ("feed304", "feedgz"):
            per = [runs[row][n]["rps"] / runs[row + "-nginx"][n]["rps"] for n in sorted(runs[row])]
            ratio[row] = med(per)
            out.append("")
            out.append(f"{facts.get('label_' + row, row)} / nginx, per run: "
                       f"{' / '.join(f'{x:.2f}×' for x in per)}; median **{ratio[row]:.2f}×**.")
        panics = int(f("panics") or 0)
        rows["event"] = (f"**{m['event'][0]:,.0f} req/s, p99 {m['event'][1]:.1f} ms**, {panics} panics "
                         f"in the log; "
                         + verdict(m["event"][0] >= 3700 and m["event"][1] <= 10 and panics == 0))
        rows["pages"] = (f"**{m['home'][0]:,.0f} / {m['calendar'][0]:,.0f} req/s, p99 "
                         f"{m['home'][1]:.1f} / {m['calendar'][1]:.1f} ms**; "
                         + verdict(m["home"][1] <= 5 and m["calendar"][1] <= 5))
        rows["feed304"] = (f"**{m['feed304'][0]:,.0f} req/s = {ratio['feed304']:.2f}× nginx's 304s** "
                           f"({m['feed304-nginx'][0]:,.0f} req/s); " + verdict(ratio["feed304"] >= 0.8))
        rows["feedgz"] = (f"**{m['feedgz'][0]:,.0f} req/s = {ratio['feedgz']:.2f}× nginx `gzip_static`** "
                          f"({m['feedgz-nginx'][0]:,.0f} req/s); " + verdict(ratio["feedgz"] >= 0.8))
    for db in ("sqlite", "postgres"):
        row = f"reg-{db}"
        if row not in runs:
            continue
        rs = [runs[row][n] for n in sorted(runs[row])]
        ok = [successes(r) / r["seconds"] for r in rs]
        p99 = [r["p99_us"] / 1000 for r in rs]
        statuses = {}
        for r in rs:
            for s, n in r["statuses"].items():
                statuses[s] = statuses.get(s, 0) + n
        sent = sum(r["requests"] for r in rs)
        saved = sum(successes(r) for r in rs)
        over = int(f(f"{db}_overbooked") or 0)
        out.append("")
        out.append(f"**Registrations, {f(db + '_label')}** (wrk -t2 -c8, the registration form "
                   f"POSTed to the open event, `scripts/bench/register.lua`): registrations/s per "
                   f"run {' / '.join(f'{x:,.0f}' for x in ok)}, median **{med(ok):,.0f}/s**; p99 "
                   f"{' / '.join(f'{x:.1f}' for x in p99)} ms, median **{med(p99):.1f} ms** "
                   f"(p50 {med([r['p50_us'] / 1000 for r in rs]):.1f} ms). Answers: "
                   + ", ".join(f"{n:,} × {s}" for s, n in sorted(statuses.items()))
                   + f" of {sent:,} counted; socket errors {sum(r['socket_errors'] for r in rs)}.")
        out.append(f"In the database after the runs: {f(db + '_db')}. "
                   f"Overbooked: **{over}**. {f(db + '_log')}")
        rows[row] = (f"**{med(ok):,.0f}/s, p99 {med(p99):.0f} ms, {over} overbooked** "
                     f"({sent - saved:,} of {sent:,} answers not 2xx/3xx); "
                     + verdict(med(ok) >= 2000 and med(p99) <= 50 and over == 0))
    if f("hwm_kb"):
        kb = int(f("hwm_kb"))
        out.append("")
        out.append(f"Peak memory (VmHWM of `/proc/<pid>/status` after all runs): SQLite server "
                   f"**{kb / 1024:.1f} MiB** ({kb * 1024 / 1e6:.1f} MB); "
                   f"{f('hwm_note')}. Panics in the server logs (`grep -ci panic`): {f('panics_note')}.")
        rows["memory"] = (f"**{kb / 1024:.1f} MiB** ({kb * 1024 / 1e6:.1f} MB) with SQLite; "
                          f"{f('hwm_note')}; " + verdict(kb / 1024 <= 48))
    out.append("")
    out.append("Commands (`$S` the server, `$N` nginx on the same feed bytes):")
    out.append("")
    out.append("```")
    out.extend(line for key, line in sorted(facts.items()) if key.startswith("cmd_"))
    out.append("```")
    rows["_" + f("command").split()[-1]] = (f"`{f('command')}`, {f('date')}, server `{f('binary')}` "
                                            f"({f('binary_note')})")
    (d / "server.md").write_text("\n".join(out) + "\n")
    (d / "rows.json").write_text(json.dumps(rows, ensure_ascii=False))


UNITS = {"ns": 1e-6, "µs": 1e-3, "us": 1e-3, "ms": 1.0, "s": 1000.0}


def coordination(log, d, machine):
    text = re.sub(r"\x1b\[[0-9;]*m", "", pathlib.Path(log).read_text())
    found = re.findall(r"(coordination/\w+/\d+)\s+time:\s+\[\s*([\d.]+)\s+(\S+)\s+([\d.]+)\s+(\S+)"
                       r"\s+([\d.]+)\s+(\S+)\s*\]", text)
    if not found:
        sys.exit(f"no criterion figures in {log}")
    out = [f"Machine: {machine}.",
           "Command: `cargo bench -p app --bench coordination` (through `bash scripts/bench.sh "
           "coordination`): criterion, 10 samples, calendars from `app/benches/coordination.rs` "
           "(random events over ten years from a fixed seed, two registrations per event, twelve "
           "holidays a year per country).", "",
           "| bench | time (criterion's estimate and interval) |", "| --- | ---: |"]
    ms = {}
    for name, lo, lu, mid, mu, hi, hu in found:
        ms[name] = float(mid) * UNITS[mu]
        out.append(f"| `{name}` | **{mid} {mu}** [{lo} {lu} … {hi} {hu}] |")
    kept = re.findall(r"^(\d+ events: .*)$", text, flags=re.M)
    if kept:
        out += ["", "What each calendar holds (the bench prints it):", "", "```", *kept, "```"]
    pathlib.Path(d, "coordination.md").write_text("\n".join(out) + "\n")
    big = ms.get("coordination/default/100000")
    cell = ("not measured: no `coordination/default/100000` in the output" if big is None else
            f"**{big:.1f} ms**; " + verdict(big < 200))
    note = f"`bash scripts/bench.sh coordination`, {time.strftime('%Y-%m-%d', time.gmtime())}"
    pathlib.Path(d, "coordination.json").write_text(
        json.dumps({"coordination": cell, "_coordination": note}, ensure_ascii=False))


def table(target, *row_files):
    text = pathlib.Path(target).read_text() if pathlib.Path(target).exists() else ""
    found = re.search(r"<!-- figures: (.*?) -->", text)
    cells = json.loads(found.group(1)) if found else {}
    for f in row_files:
        cells.update(json.loads(pathlib.Path(f).read_text()))
    print("| work | before (issue 14) | now | target |")
    print("| --- | --- | --- | --- |")
    for key, work, before, target_text in TABLE:
        now = cells.get(key, "not measured yet")
        print(f"| {work} | {before} | {now} | {target_text} |")
    print()
    notes = [f"- {v}" for k, v in sorted(cells.items()) if k.startswith("_")]
    if notes:
        print("Measured by:")
        print()
        print("\n".join(notes))
        print()
    print(f"<!-- figures: {json.dumps(cells, ensure_ascii=False)} -->")


if __name__ == "__main__":
    {"server": server, "coordination": coordination, "table": table}[sys.argv[1]](*sys.argv[2:])
