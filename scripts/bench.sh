#!/usr/bin/env bash
# Enlace's benchmarks: one documented command, not part of the tests (the machines are shared and
# noisy, so no test asserts a time). It builds the release site and server (scripts/build.sh
# --release), or takes BENCH_BIN (and BENCH_SITE) as they are, starts the release server on a
# fresh database in target/bench/, measures, and writes the figures, with the machine and the
# commands, into BENCHMARKS.md between the `<!-- bench:NAME -->` markers (the rest of the file is
# kept); the server sections also update the summary table of issue 14 (section `speed`).
#
# Usage: bash scripts/bench.sh [client] [first-start] [server] [registrations] [binary] [coordination]
#   client        the light-client rows: bytes on the wire of a cold first load (HTML, CSS, JS,
#                 wasm), the /pkg/ caching headers, and Chromium on a phone under "Fast 3G" (three
#                 runs, medians), the wasm's ten biggest items (twiggy, when installed)
#   first-start   a fresh clone, with empty cargo, npm and tool directories, timed from the README's
#                 start command to "listening", then a second start (about 12 minutes)
#   server        the server rows (about 6 minutes): 1,000 generated events and 20,000
#                 registrations (scripts/bench/data.py, loaded as SQL after the server migrated
#                 the database, then read back by scripts/bench/check.py: pages, hosts' lists,
#                 exports, the feed), then wrk -t2 -c2 on the big event's page, the home page,
#                 the month calendar, the 1,000-event feed's 304s and its gzip, each feed row
#                 beside nginx serving the same bytes (scripts/bench/nginx.conf; the ratio is per
#                 run); the registration form POSTed with wrk -c8 (scripts/bench/register.lua) on
#                 SQLite, then on PostgreSQL, with the rows counted in the database (overbooked?);
#                 peak memory (VmHWM) and panics in the logs
#   registrations the two registration rows alone (fresh databases, about 2 minutes)
#   binary        the release binary's size as shipped, stripped, and its code
#   coordination  the coordination engine's criterion bench (1,000 to 100,000 events):
#                 cargo bench -p app --bench coordination (an optimised build of its own)
# Without arguments: client.
#
# Settings: BENCH_RUNS (3) runs of BENCH_SECONDS (10) per figure after BENCH_WARMUP (2) seconds;
# BENCH_PORT (3107; nginx on the next port, the PostgreSQL server's on the one after);
# BENCH_BIN and BENCH_SITE: a release server and its site to measure instead of building one;
# BENCH_PG_URL: a PostgreSQL server's maintenance database to create the database enlace_bench
# in (e.g. postgres://postgres@127.0.0.1:54330/postgres), else a throw-away one on BENCH_PGPORT
# (54331), as scripts/test.sh starts its own; BENCH_REG_CAPACITY (1,000,000): the seats of the
# event the registrations go to.
#
# Needs what the test command installs (Debian's Chromium and PostgreSQL, tests/node_modules,
# target/pyenv); run `bash scripts/test.sh` once first on a new machine. The server sections
# install nginx (nginx-light), wrk and sqlite3 from Debian's packages when missing.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/build.sh"
cd "$ROOT"

RUNS="${BENCH_RUNS:-3}"
OUT="$ROOT/target/bench"
PORT="${BENCH_PORT:-3107}"
BASE="http://127.0.0.1:$PORT"
mkdir -p "$OUT"
server_pid=""
source "$ROOT/scripts/bench/server.sh"
source "$ROOT/scripts/bench/sections.sh"
cleanup() {
  if [[ -n "$server_pid" ]]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  server_cleanup
}
trap cleanup EXIT
trap "exit 130" INT TERM

machine() {
  printf '%s, %s cores, %s GiB; %s; %s\n' "$(uname -sr)" "$(nproc)" \
    "$(awk '/MemTotal/ { printf "%d", $2 / 1048576 + 0.5 }' /proc/meminfo)" \
    "$(rustc --version)" "$(chromium --version 2>/dev/null || echo 'no Chromium')"
}

# Replaces the section between `<!-- bench:NAME -->` and `<!-- /bench:NAME -->` in BENCHMARKS.md
# with the file $2 (appends the section when the markers are missing).
write_section() {
  python3 - "$1" "$2" "$ROOT/BENCHMARKS.md" <<'PY'
import sys, pathlib
name, body_file, target = sys.argv[1], sys.argv[2], pathlib.Path(sys.argv[3])
body = pathlib.Path(body_file).read_text().rstrip("\n")
start, end = f"<!-- bench:{name} -->", f"<!-- /bench:{name} -->"
text = target.read_text() if target.exists() else "# Benchmarks\n"
block = f"{start}\n{body}\n{end}"
if start in text and end in text:
    before, rest = text.split(start, 1)
    text = before + block + rest.split(end, 1)[1]
else:
    text = text.rstrip("\n") + "\n\n" + block + "\n"
target.write_text(text)
PY
}

start_release_server() {
  release_build
  rm -f "$OUT/bench.db"*
  say "Starting the release server with the demo data on $BASE"
  DATABASE_URL="sqlite://$OUT/bench.db" LEPTOS_SITE_ADDR="127.0.0.1:$PORT" \
    LEPTOS_SITE_ROOT="$SITE" LEPTOS_SITE_PKG_DIR=pkg ENLACE_FEED_MONTHS_BACK=240 RUST_LOG=warn \
    "$BIN" >"$OUT/server.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 100); do
    if curl -fsS -o /dev/null "$BASE/"; then return; fi
    sleep 0.2
  done
  cat "$OUT/server.log"
  echo "the release server did not start" >&2
  exit 1
}

# Bytes of one response body as sent (compressed as the client accepts), and its encoding.
wire() {
  curl -sS -o /dev/null -H "Accept-Encoding: $2" -w '%{size_download} %header{content-encoding}' "$BASE$1"
}

bench_client() {
  start_release_server
  local home html css js wasm
  home="$(curl -sS "$BASE/")"
  css="$(grep -o '/pkg/enlace\.[0-9a-f]*\.css' <<<"$home" | head -n 1)"
  js="$(grep -o '/pkg/enlace\.[0-9a-f]*\.js' <<<"$home" | head -n 1)"
  wasm="$(grep -o '/pkg/enlace\.[0-9a-f]*\.wasm' <<<"$home" | head -n 1)"
  local slug
  slug="$(grep -o 'events/taller-identificacion-victimas-trata-[0-9]*' <<<"$home" | head -n 1 | cut -d/ -f2)"
  say "Bytes of a cold first load of the home page ($css, $js, $wasm)"
  {
    echo "| file | identity | gzip | brotli (what Chromium gets) |"
    echo "| --- | ---: | ---: | ---: |"
    local total_id=0 total_gz=0 total_br=0 path
    for path in / "$css" "$js" "$wasm" /favicon.svg; do
      local id gz br
      id="$(wire "$path" identity | cut -d' ' -f1)"
      gz="$(wire "$path" gzip | cut -d' ' -f1)"
      br="$(wire "$path" 'br, gzip' | cut -d' ' -f1)"
      total_id=$(( total_id + id )); total_gz=$(( total_gz + gz )); total_br=$(( total_br + br ))
      echo "| \`$path\` | $id | $gz | $br |"
    done
    echo "| **total** | **$total_id** | **$total_gz** | **$total_br** ($(( total_br / 1024 )) KiB) |"
  } >"$OUT/first-load.md"
  cat "$OUT/first-load.md"
  {
    echo '```'
    for path in "$css" "$js" "$wasm"; do
      echo "\$ curl -sI -H 'Accept-Encoding: br, gzip' $path"
      curl -sSI -H 'Accept-Encoding: br, gzip' "$BASE$path" | tr -d '\r' |
        grep -iE '^(HTTP|cache-control|content-encoding|content-length|vary|content-type)'
    done
    echo "\$ curl -s -D - -o /dev/null /   (an HTML page)"
    curl -sS -D - -o /dev/null "$BASE/" | tr -d '\r' | grep -iE '^(HTTP|cache-control|etag)'
    echo '```'
  } >"$OUT/headers.md"
  cat "$OUT/headers.md"

  say "Chromium on a phone under Fast 3G, $RUNS runs"
  local run
  for run in $(seq 1 "$RUNS"); do
    BASE_URL="$BASE" SLUG="$slug" TIMED_SLUG="$slug" TIMED_TEXT="" ARTIFACTS="$OUT/fast3g-$run" \
      FAST3G_EXTRA_PAGES="/calendar?month=2010-12 /subscribe /registrations/resend /signin" \
      node tests/e2e/fast3g.mjs >"$OUT/fast3g-$run.log" 2>&1 || { cat "$OUT/fast3g-$run.log"; exit 1; }
  done
  python3 - "$OUT" "$RUNS" >"$OUT/fast3g.md" <<'PY'
import json, statistics, sys, pathlib
out, runs = pathlib.Path(sys.argv[1]), int(sys.argv[2])
data = [json.loads((out / f"fast3g-{r}" / "fast-3g.json").read_text()) for r in range(1, runs + 1)]
pages = list(data[0]["pages"])
med = lambda page, key: statistics.median(d["pages"][page][key] for d in data if d["pages"][page].get(key) is not None)
print(f"Medians of {runs} runs; each load cold (cache off), 390×844 phone viewport, 150 ms round trip, 1.6 Mbps down, 750 kbps up.")
print()
print("| page | HTML received | first contentful paint | interactive (`data-hydrated`) | bytes on the wire (headers included) |")
print("| --- | ---: | ---: | ---: | ---: |")
for p in pages:
    path = data[0]["pages"][p]["path"]
    print(f"| {p} (`{path}`) | {med(p,'html_received_ms')/1000:.2f} s | {med(p,'first_contentful_paint_ms')/1000:.2f} s | **{med(p,'hydrated_ms')/1000:.2f} s** | {int(med(p,'bytes')):,} B |")
PY
  cat "$OUT/fast3g.md"

  local top="(twiggy is not installed: \`cargo install twiggy\`)"
  if command -v twiggy >/dev/null; then
    top="$(twiggy top -n 10 "$TARGET_DIR/wasm32-unknown-unknown/wasm-release/app.wasm")"
  fi
  {
    echo "Machine: $(machine). Server: \`target/release/enlace\` with the demo data on SQLite."
    echo "Command: \`bash scripts/bench.sh client\` ($(date -u +%Y-%m-%d))."
    echo
    echo "### First load of the home page, cold cache: bytes of each body on the wire"
    echo
    cat "$OUT/first-load.md"
    echo
    echo "### /pkg/ and HTML caching headers"
    echo
    cat "$OUT/headers.md"
    echo
    echo "### Chromium on a phone under \"Fast 3G\" (\`tests/e2e/fast3g.mjs\`)"
    echo
    cat "$OUT/fast3g.md"
    echo
    echo "### The release wasm's ten biggest items (\`twiggy top -n 10\`, before wasm-bindgen and wasm-opt)"
    echo
    echo '```'
    echo "$top"
    echo '```'
  } >"$OUT/client.md"
  write_section client "$OUT/client.md"
  cleanup; server_pid=""
}

# A new user's first start: a fresh clone with empty cargo, npm and tool directories (only the
# Rust toolchain is kept, as rustup installs it), timed until the server says "listening".
bench_first_start() {
  local dir="$OUT/first-start" bin
  rm -rf "$dir"
  mkdir -p "$dir/home" "$dir/bin"
  git clone -q "$ROOT" "$dir/enlace"
  # The toolchain's commands alone, without anything installed beside them (wasm-bindgen).
  for bin in cargo rustc rustup rustdoc rustfmt cargo-clippy clippy-driver; do
    ln -s "$(command -v "$bin")" "$dir/bin/$bin"
  done
  # The machine's own settings (certificates, proxies) are kept; cargo's, npm's and the tools'
  # directories are new and empty, and PATH has no ~/.cargo/bin (where wasm-bindgen may be).
  local path
  path="$dir/bin:$(tr ':' '\n' <<<"$PATH" | grep -v '/\.cargo/bin$' | paste -sd:)"
  local env=(env -u CARGO_TARGET_DIR -u RUSTFLAGS -u CARGO_BUILD_TARGET -u CARGO_INCREMENTAL
    -u LEPTOS_OUTPUT_NAME -u LEPTOS_SITE_ROOT -u DATABASE_URL "HOME=$dir/home"
    "CARGO_HOME=$dir/home/.cargo" "RUSTUP_HOME=${RUSTUP_HOME:-$HOME/.rustup}" "PATH=$path"
    "LEPTOS_SITE_ADDR=127.0.0.1:$PORT")
  local run
  for run in first second; do
    say "The README's start command in a fresh clone: $run start"
    local started=$SECONDS
    (cd "$dir/enlace" && "${env[@]}" bash scripts/start.sh >"$OUT/start-$run.log" 2>&1) &
    local pid=$!
    until grep -q "listening on" "$OUT/start-$run.log" 2>/dev/null; do
      if ! kill -0 "$pid" 2>/dev/null; then cat "$OUT/start-$run.log"; exit 1; fi
      sleep 1
    done
    local took=$(( SECONDS - started ))
    pkill -TERM -f "$dir/enlace/target/release/enlace" || true
    wait "$pid" 2>/dev/null || true
    echo "$run start: $(elapsed "$took") ($took s)" | tee -a "$OUT/first-start.txt"
    printf '%s\n' "$took" >"$OUT/start-$run.seconds"
  done
  {
    echo "Machine: $(machine)."
    echo "Command: \`bash scripts/bench.sh first-start\` ($(date -u +%Y-%m-%d)): \`git clone\`, then \`bash scripts/start.sh\` with empty \`CARGO_HOME\` (every crate downloaded from crates.io again), \`HOME\` (npm's cache) and \`.tools/\`, no \`wasm-bindgen\` on the PATH, only the Rust toolchain kept (rustup's, with the wasm32 target already added); timed until the log says \"listening on\"."
    echo
    echo "| start | until \"listening on\" |"
    echo "| --- | ---: |"
    echo "| first (downloads, tools, release build) | **$(elapsed "$(cat "$OUT/start-first.seconds")")** |"
    echo "| second (nothing changed) | **$(cat "$OUT/start-second.seconds") s** |"
    echo
    echo "Where the first start's time goes (the script's own timings):"
    echo
    echo '```'
    grep -E '==>' "$OUT/start-first.log" | sed 's/\x1b\[[0-9;]*m//g'
    echo '```'
  } >"$OUT/first-start.md"
  write_section first-start "$OUT/first-start.md"
}

what=("$@")
(( ${#what[@]} )) || what=(client)
for w in "${what[@]}"; do
  case "$w" in
    client) bench_client ;;
    first-start) bench_first_start ;;
    server | registrations)
      ensure_apt wrk wrk sqlite3 sqlite3
      bench_server "$w"
      ;;
    binary) bench_binary ;;
    coordination) bench_coordination ;;
    *) echo "unknown benchmark: $w (client, first-start, server, registrations, binary, coordination)" >&2; exit 2 ;;
  esac
done
say "Figures written to BENCHMARKS.md"
