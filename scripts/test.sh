#!/usr/bin/env bash
# Runs Enlace's whole test suite, as CI does: formatting, lints, the site build, unit tests, and the
# end-to-end tests on SQLite and on a PostgreSQL server started here on loopback, with real calendar
# parsers (python icalendar, ical.js) and Debian's Chromium. Installs what is missing, from the
# package registries only (apt needs root or sudo).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/tools.sh"
cd "$ROOT"
started=$SECONDS

as_root() { if [[ $EUID -eq 0 ]]; then "$@"; else sudo "$@"; fi; }

need_apt=()
command -v chromium >/dev/null || need_apt+=(chromium)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need_apt+=(postgresql)
if (( ${#need_apt[@]} )); then
  say "Installing ${need_apt[*]} from Debian's packages"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

ensure_build_tools

say "Installing the test tools: playwright-core, ical.js and node-ical (npm), python icalendar and vobject (PyPI)"
(cd tests && npm ci --no-audit --no-fund --loglevel=error)
if [[ ! -x target/pyenv/bin/python ]] || ! target/pyenv/bin/python -c 'import icalendar, vobject, aiosmtpd' 2>/dev/null; then
  python3 -m venv target/pyenv
  target/pyenv/bin/pip install --quiet --disable-pip-version-check -r tests/parsers/requirements.txt
fi

say "Disk space before the build: $(df -h --output=avail . | tail -n 1 | tr -d ' ') free"
# Incremental caches double the size of target/ and bring nothing to a one-off run.
export CARGO_INCREMENTAL="${CARGO_INCREMENTAL:-0}"

say "Checking formatting and lints"
cargo fmt --all --check
# The same flags cargo-leptos builds with, so lints, build and tests share one set of artefacts.
export RUSTFLAGS="--cfg erase_components"
export LEPTOS_OUTPUT_NAME=enlace
cargo clippy --workspace --all-targets -- -D warnings
cargo clippy -p app --lib --no-default-features --features hydrate --target wasm32-unknown-unknown -- -D warnings

say "Building the site (server and WebAssembly)"
cargo leptos build

say "Starting PostgreSQL on loopback for the tests"
PGBIN="$(dirname "$(ls /usr/lib/postgresql/*/bin/initdb | sort -V | tail -n 1)")"
PGDIR="$(mktemp -d /tmp/enlace-pg.XXXXXX)"
PGPORT="${ENLACE_TEST_PGPORT:-54329}"
run_pg() { if [[ $EUID -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }
if [[ $EUID -eq 0 ]]; then
  # initdb refuses to run as root: the cluster belongs to the postgres system user.
  id postgres >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin postgres
  chown postgres "$PGDIR"
fi
run_pg "$PGBIN/initdb" -D "$PGDIR/data" -U postgres -A trust --no-sync >/dev/null
run_pg "$PGBIN/pg_ctl" -D "$PGDIR/data" -l "$PGDIR/log" -w \
  -o "-h 127.0.0.1 -p $PGPORT -k $PGDIR -c fsync=off -c max_connections=300" start >/dev/null
trap 'run_pg "$PGBIN/pg_ctl" -D "$PGDIR/data" -m immediate stop >/dev/null 2>&1 || true; rm -rf "$PGDIR"' EXIT
export TEST_DATABASE_URL="postgres://postgres@127.0.0.1:$PGPORT/postgres"

say "Running the tests (unit, SQLite and PostgreSQL end-to-end, parsers, browser)"
cargo test --workspace --no-fail-fast -- --test-threads="${ENLACE_TEST_THREADS:-4}"

say "All tests passed in $(elapsed $(( SECONDS - started )))"
