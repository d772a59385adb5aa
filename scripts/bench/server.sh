# The server rows of issue 14, sourced by scripts/bench.sh (which documents the sections): the
# release server on generated data (scripts/bench/data.py) beside nginx, wrk for the pages and the
# feed, the registration form POSTed on SQLite and PostgreSQL, peak memory, panics; the binary's
# size; the coordination engine's criterion bench.

BENCH_SECONDS="${BENCH_SECONDS:-10}"
WARMUP="${BENCH_WARMUP:-2}"
NGINX_PORT="${BENCH_NGINX_PORT:-$(( PORT + 1 ))}"
PG_SERVER_PORT="${BENCH_PG_SERVER_PORT:-$(( PORT + 2 ))}"
HERE="$ROOT/scripts/bench"
SRV="$OUT/server"
BENCH_EMAIL=bench@enlace.bench
BENCH_PASSWORD="bench-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
pids=()
nginx_pid=""
pg_dir=""

as_root() { if [[ $EUID -eq 0 ]]; then "$@"; else sudo "$@"; fi; }
# Installs the Debian packages named whose command ($1 of each pair) is missing.
ensure_apt() {
  local need=()
  while (( $# )); do command -v "$1" >/dev/null || need+=("$2"); shift 2; done
  (( ${#need[@]} )) || return 0
  say "Installing ${need[*]} from Debian's packages"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${need[@]}"
}

server_cleanup() {
  local pid
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  pids=()
  if [[ -n "$nginx_pid" ]]; then kill -QUIT "$nginx_pid" 2>/dev/null || true; wait "$nginx_pid" 2>/dev/null || true; nginx_pid=""; fi
  if [[ -n "$pg_dir" ]]; then
    run_pg "$PGBIN/pg_ctl" -D "$pg_dir/data" -m fast stop >/dev/null 2>&1 || true
    rm -rf "$pg_dir"; pg_dir=""
  fi
}

# The release server and site: BENCH_BIN (and BENCH_SITE, by default the `site` beside the
# binary's directory, as target/release and target/site) when given, else built here.
release_build() {
  if [[ -n "${BENCH_BIN:-}" ]]; then
    BIN="$(cd "$(dirname "$BENCH_BIN")" && pwd)/$(basename "$BENCH_BIN")"
    SITE="$(realpath "${BENCH_SITE:-$(dirname "$(dirname "$BIN")")/site}")"
    BIN_NOTE="given as BENCH_BIN; its checkout at $(git -C "$(dirname "$BIN")" rev-parse --short HEAD 2>/dev/null || echo '?')"
  else
    say "Building the release site and server"
    ensure_build_tools
    build_front --release
    build_server --release
    BIN="$TARGET_DIR/release/enlace"
    SITE="$(site_root --release)"
    BIN_NOTE="built by this command at $(git -C "$ROOT" rev-parse --short HEAD)"
  fi
  [[ -x "$BIN" && -f "$SITE/pkg/hash.txt" ]] || { echo "no server at $BIN or no site at $SITE" >&2; exit 1; }
}

# Starts the server (log in $OUT/NAME.log) on database $2 and port $3, and waits for it: its pid
# in $last_pid. The rate limits are raised so that only the server's speed limits the load; the
# retention is the longest, so the generated past events keep their registrations.
start_server() {
  env LEPTOS_SITE_ROOT="$SITE" LEPTOS_SITE_PKG_DIR=pkg LEPTOS_OUTPUT_NAME=enlace \
    DATABASE_URL="$2" LEPTOS_SITE_ADDR="127.0.0.1:$3" ENLACE_FEED_MONTHS_BACK=240 \
    ENLACE_RETENTION_DAYS=36500 ENLACE_RATE_REGISTER=1000000/1s \
    ENLACE_RATE_REGISTER_EVENT=1000000/1s RUST_LOG=warn "$BIN" >"$OUT/$1.log" 2>&1 &
  last_pid=$!
  pids+=("$last_pid")
  local _
  for _ in $(seq 1 300); do
    if grep -q "listening on" "$OUT/$1.log"; then return; fi
    if ! kill -0 "$last_pid" 2>/dev/null; then break; fi
    sleep 0.2
  done
  cat "$OUT/$1.log"
  echo "the server ($1) did not start" >&2
  exit 1
}

stop_server() {
  kill "$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
  local kept=() pid
  for pid in "${pids[@]}"; do [[ "$pid" == "$1" ]] || kept+=("$pid"); done
  pids=("${kept[@]}")
}

# A query's rows on database URL $1 (sqlite:// or postgres://), `|` between columns.
db_query() {
  case "$1" in
    sqlite://*) sqlite3 -batch -noheader "${1#sqlite://}" "$2" ;;
    *) psql -X -q -At -v ON_ERROR_STOP=1 "$1" -c "$2" ;;
  esac
}

# A fresh database at $2 as the server leaves it (migrated, demo data), with the benchmark's
# secretariat account and the generated data ($OUT/data.sql).
prepare_db() {
  start_server "$1-first-start" "$2" "$3"
  stop_server "$last_pid"
  printf '%s\n' "$BENCH_PASSWORD" | DATABASE_URL="$2" "$BIN" admin create \
    --email "$BENCH_EMAIL" --name Benchmark >/dev/null
  say "Loading 1,000 events and 20,000 registrations into $2"
  case "$2" in
    sqlite://*) sqlite3 -batch "${2#sqlite://}" <"$OUT/data.sql" ;;
    *) PGCLIENTENCODING=UTF8 psql -X -q -v ON_ERROR_STOP=1 "$2" -f "$OUT/data.sql" >/dev/null ;;
  esac
}

generate_data() {
  NOW="$(date +%s)"
  python3 "$HERE/data.py" --now "$NOW" --open-capacity "${BENCH_REG_CAPACITY:-1000000}" \
    >"$OUT/data.sql" 2>"$OUT/data.txt"
  BIG="$(sed -n 's/.*big=\([^ ]*\).*/\1/p' "$OUT/data.txt")"
  OPEN="$(sed -n 's/.*open=\([^ ]*\).*/\1/p' "$OUT/data.txt")"
  MONTH="$(sed -n 's/.*month=\([^ ]*\).*/\1/p' "$OUT/data.txt")"
}

# Checks, on the server at $1 with database $2, that the generated data reads back (check.py).
check_data() {
  local base="$1" url="$2" python=python3
  if "$ROOT/target/pyenv/bin/python" -c 'import icalendar' 2>/dev/null; then
    python="$ROOT/target/pyenv/bin/python"
  fi
  local seats samples hosts=() public=() s p
  seats="$(db_query "$url" "select count(*) from registrations r join events e on e.id = r.event_id \
    where e.slug = '$BIG' and r.status = 'confirmed'")"
  samples="$(db_query "$url" "select min(slug) from events group by status, date_precision, registration_mode")"
  for s in $samples; do public+=("/events/$s"); done
  public+=(/ "/calendar?month=$MONTH" /calendar "/events/$BIG" "/events/$BIG/register"
    "/events/$OPEN" "/events/$OPEN/register" /subscribe /countries/GT/calendar.ics
    /kinds/workshop/calendar.ics "/events/$BIG.ics")
  for s in "$BIG" $(db_query "$url" "select min(e.slug) from events e join registrations r \
      on r.event_id = e.id group by e.registration_mode"); do
    for p in participants logistics manage audit exports/participants.csv \
      exports/participants.xlsx exports/logistics.csv exports/logistics.xlsx; do
      hosts+=("/events/$s/$p")
    done
  done
  hosts+=(/dashboard /coordination /coordination.csv)
  "$python" "$HERE/check.py" "$base" --email "$BENCH_EMAIL" --password "$BENCH_PASSWORD" \
    --events "$(db_query "$url" "select count(*) from events where published = 1")" \
    --public "${public[@]}" --hosts "${hosts[@]}" --text "/events/$BIG" "$seats de 300"
}

commas() { sed ':a; s/\B[0-9]\{3\}\>/,&/; ta' <<<"$1"; }
fact() { printf '%s\t%s\n' "$1" "$2" >>"$SRV/facts.tsv"; }

# One wrk run of figure $1 (run $2) on URL $3, with wrk's other arguments after it.
wrk_run() {
  local row="$1" run="$2" url="$3"
  shift 3
  wrk -t2 -c"${CONNECTIONS:-2}" -d"${BENCH_SECONDS}s" --latency "$url" "$@" >"$SRV/$row-$run.txt"
  grep '^{' "$SRV/$row-$run.txt" | tail -n 1 >"$SRV/runs/$row-$run.json"
  printf '  %-14s run %s: %s\n' "$row" "$run" "$(cat "$SRV/runs/$row-$run.json")"
}

# nginx on the feed's bytes as the server sends them (identity, and its own gzip as the .gz).
start_nginx() {
  ensure_apt nginx nginx-light
  local dir="$OUT/nginx"
  rm -rf "$dir"
  mkdir -p "$dir/www" "$dir/tmp"
  curl -fsS -o "$dir/www/calendar.ics" "$BASE/calendar.ics"
  curl -fsS -H 'Accept-Encoding: gzip' -o "$dir/www/calendar.ics.gz" "$BASE/calendar.ics"
  gzip -dc "$dir/www/calendar.ics.gz" | cmp -s - "$dir/www/calendar.ics" ||
    { echo "the server's gzipped feed is not its feed" >&2; exit 1; }
  sed "s|@ROOT@|$dir|g; s|@PORT@|$NGINX_PORT|g" "$HERE/nginx.conf" >"$dir/nginx.conf"
  echo "daemon off;" >>"$dir/nginx.conf"
  chmod -R a+rX "$dir"
  nginx -p "$dir" -c "$dir/nginx.conf" &
  nginx_pid=$!
  local _
  for _ in $(seq 1 50); do curl -fsS -o /dev/null "http://127.0.0.1:$NGINX_PORT/calendar.ics" && return; sleep 0.1; done
  cat "$dir/error.log"; echo "nginx did not start" >&2; exit 1
}

etag_of() { curl -fsS -D - -o /dev/null "$1" | tr -d '\r' | awk 'tolower($1) == "etag:" { print $2 }'; }
status_of() { curl -sS -o /dev/null -w '%{http_code} %{size_download} %header{content-encoding}' "$@"; }

run_pg() { if [[ $EUID -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }
# A fresh, empty database for the PostgreSQL figures: PG_URL. In BENCH_PG_URL's server (the URL of
# its maintenance database, e.g. postgres://postgres@127.0.0.1:54330/postgres) when given, else
# in a throw-away server on loopback started as scripts/test.sh starts its own (Debian's
# PostgreSQL, installed when missing; fsync on, as in production), stopped at the end.
pg_setup() {
  local admin="${BENCH_PG_URL:-}"
  if [[ -z "$admin" ]]; then
    ensure_apt psql postgresql
    PGBIN="$(dirname "$(ls /usr/lib/postgresql/*/bin/initdb | sort -V | tail -n 1)")"
    pg_dir="$(mktemp -d /tmp/enlace-bench-pg.XXXXXX)"
    local port="${BENCH_PGPORT:-54331}"
    if [[ $EUID -eq 0 ]]; then
      id postgres >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin postgres
      chown postgres "$pg_dir"
    fi
    run_pg "$PGBIN/initdb" -D "$pg_dir/data" -U postgres -A trust >/dev/null
    run_pg "$PGBIN/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/log" -w \
      -o "-h 127.0.0.1 -p $port -k $pg_dir -c max_connections=300" start >/dev/null
    admin="postgres://postgres@127.0.0.1:$port/postgres"
  fi
  PG_URL="${admin%/*}/enlace_bench"
  psql -X -q -v ON_ERROR_STOP=1 "$admin" -c "drop database if exists enlace_bench with (force)" \
    -c "create database enlace_bench template template0 encoding 'UTF8'" >/dev/null
  PG_NOTE="PostgreSQL $(psql -X -At "$PG_URL" -c 'show server_version'), fsync $(psql -X -At "$PG_URL" -c 'show fsync'), synchronous_commit $(psql -X -At "$PG_URL" -c 'show synchronous_commit')"
}

# The registration figure on the server at $2 (database $3), named $1 (sqlite, postgres): the
# form fetched once (its anti-forgery cookie and token), then wrk -c8 POSTing it, BENCH_RUNS
# times; then the event's rows counted in the database.
bench_registrations_on() {
  local name="$1" base="$2" url="$3" path="/events/$OPEN/register" jar="$SRV/jar-$1"
  local token cookie run
  token="$(curl -fsS -c "$jar" "$base$path" | grep -o 'name="authenticity_token" value="[^"]*"' |
    sed 's/.*value="//; s/"$//')"
  cookie="$(awk '$6 == "enlace_csrf" { print $6 "=" $7 }' "$jar")"
  local before
  before="$(wc -l <"$OUT/server-$name.log")"
  say "Registrations on $name: wrk -t2 -c8 for ${BENCH_SECONDS} s, $RUNS runs"
  local starts=()
  for run in $(seq 1 "$RUNS"); do
    starts+=("$(commas "$(db_query "$url" "select count(*) from registrations r join events e \
      on e.id = r.event_id where e.slug = '$OPEN'")")")
    CONNECTIONS=8 wrk_run "reg-$name" "$run" "$base" -s "$HERE/register.lua" -- "$path" "$token" \
      "$cookie" "$name-$run-$NOW"
  done
  local event="(select id from events where slug = '$OPEN')" counts
  counts="$(db_query "$url" "select \
    (select count(*) from registrations where event_id = $event and status = 'confirmed'), \
    (select count(*) from registrations where event_id = $event and status = 'waitlisted'), \
    (select count(*) from registrations where event_id = $event and status = 'cancelled'), \
    (select count(*) - count(distinct email) from registrations where event_id = $event), \
    (select capacity from events where id = $event), \
    (select count(*) from mail_outbox where event_id = $event)")"
  local confirmed waitlisted cancelled dupes capacity mails
  IFS='|' read -r confirmed waitlisted cancelled dupes capacity mails <<<"$counts"
  local saved
  saved="$(cat "$SRV/runs/reg-$name-"*.json | python3 -c 'import json,sys; print(sum(n for l in sys.stdin for s, n in json.loads(l)["statuses"].items() if 200 <= int(s) < 400))')"
  local over=0
  if [[ -n "$capacity" ]] && (( confirmed > capacity )); then over=$(( confirmed - capacity )); fi
  fact "${name}_overbooked" "$over"
  fact "${name}_db" "$(commas "$confirmed") confirmed, $(commas "$waitlisted") waitlisted, $(commas "$cancelled") cancelled (capacity $(commas "$capacity"); $dupes addresses twice; $(commas "$mails") mails queued) for $(commas "$saved") answers 2xx/3xx counted by wrk (a few more may be saved: wrk stops counting with requests in flight); the event had $(IFS=/; echo "${starts[*]}" | sed 's|/| / |g') registrations at the start of each run"
  local errors
  errors="$(tail -n +"$((before + 1))" "$OUT/server-$name.log" | grep -E 'WARN|ERROR|panic' |
    sed 's/\x1b\[[0-9;]*m//g; s/^[0-9TZ:.-]* *//' | cut -c1-160 | sort | uniq -c | sort -rn | head -n 5 || true)"
  fact "${name}_log" "$(if [[ -n "$errors" ]]; then printf 'The server logged, most frequent first: %s' "$(sed 's/^ *//; s/$/;/' <<<"$errors" | tr '\n' ' ')"; else echo "The server logged no warning or error."; fi)"
}
