#!/usr/bin/env bash
# Starts Enlace with the demo data at http://127.0.0.1:3000 (release build).
# First run on a fresh machine: about 15 to 19 minutes on 2 cores (release build measured at
# 14 min 22 s, wasm-bindgen-cli ~4 min when missing); later runs: seconds.
# Data lives in ./data/enlace.db (SQLite). Set DATABASE_URL=postgres://... to use PostgreSQL,
# ENLACE_DEMO_DATA=false to start empty, LEPTOS_SITE_ADDR to listen elsewhere.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/build.sh"
cd "$ROOT"
ensure_build_tools
started=$SECONDS
say "Building Enlace (release; the first build takes about 15 minutes, later ones seconds)"
say "  the browser half: app for wasm32, wasm-bindgen, wasm-opt, into $(site_root --release)"
build_front --release
say "  the server: target/release/enlace"
build_server --release
say "Built in $(elapsed $(( SECONDS - started )))"
# The demo's events are from 2010: let the demo's collection feeds reach back to them (the
# default window is 12 months back; see the README).
export ENLACE_FEED_MONTHS_BACK="${ENLACE_FEED_MONTHS_BACK:-240}"
site_env --release
export LEPTOS_SITE_ADDR="${LEPTOS_SITE_ADDR:-127.0.0.1:3000}"
say "Starting $TARGET_DIR/release/enlace with the demo data (${DATABASE_URL:-sqlite://data/enlace.db})"
say "When it says 'listening on', open http://$LEPTOS_SITE_ADDR"
exec "$TARGET_DIR/release/enlace"
