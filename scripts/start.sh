#!/usr/bin/env bash
# Starts Enlace with the demo data at http://127.0.0.1:3000 (release build).
# First run on a fresh machine: 16 min 41 s measured on 2 cores (BENCHMARKS.md; wasm-bindgen-cli,
# when missing, compiles meanwhile); later runs: about a second (the browser half is taken over as
# it is when app's wasm did not change: see build_front).
# Data lives in ./data/enlace.db (SQLite). Set DATABASE_URL=postgres://... to use PostgreSQL,
# ENLACE_DEMO_DATA=false to start empty, LEPTOS_SITE_ADDR to listen elsewhere.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/build.sh"
cd "$ROOT"
started=$SECONDS
ensure_wasm_target
ensure_wasm_opt
# wasm-bindgen is needed only once app's wasm is built, which comes after the server's build: it
# compiles meanwhile (3 to 4 minutes), off the critical path (the server's build is the longest).
bindgen_pid=""
mkdir -p target
bindgen_log="$ROOT/target/wasm-bindgen-install.log"
if ! wasm_bindgen_ready; then
  say "Installing wasm-bindgen-cli $WASM_BINDGEN_VERSION from crates.io, in the background (once; log in $bindgen_log)"
  install_wasm_bindgen >"$bindgen_log" 2>&1 &
  bindgen_pid=$!
fi
say "Building Enlace (release; the first build takes about 17 minutes on 2 cores, later ones seconds)"
say "  the server: target/release/enlace"
build_server --release
if [[ -n "$bindgen_pid" ]]; then
  say "  waiting for wasm-bindgen-cli"
  if ! wait "$bindgen_pid"; then
    cat "$bindgen_log"
    say "Installing wasm-bindgen-cli failed (log above, in $bindgen_log)"
    exit 1
  fi
fi
say "  the browser half: app for wasm32, wasm-bindgen, wasm-opt, into $(site_root --release)"
build_front --release
say "Built in $(elapsed $(( SECONDS - started )))"
# The demo's events are from 2010: let the demo's collection feeds reach back to them (the
# default window is 12 months back; see the README).
export ENLACE_FEED_MONTHS_BACK="${ENLACE_FEED_MONTHS_BACK:-240}"
site_env --release
export LEPTOS_SITE_ADDR="${LEPTOS_SITE_ADDR:-127.0.0.1:3000}"
say "Starting $TARGET_DIR/release/enlace with the demo data (${DATABASE_URL:-sqlite://data/enlace.db})"
say "When it says 'listening on', open http://$LEPTOS_SITE_ADDR"
exec "$TARGET_DIR/release/enlace"
