#!/usr/bin/env bash
# Starts Enlace with the demo data at http://127.0.0.1:3000 (release build).
# First run on a fresh machine: about 25-30 minutes (tools ~22 min, build ~6 min); later runs: seconds.
# Data lives in ./data/enlace.db (SQLite). Set DATABASE_URL=postgres://... to use PostgreSQL,
# ENLACE_DEMO_DATA=false to start empty, LEPTOS_SITE_ADDR to listen elsewhere.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/tools.sh"
cd "$ROOT"
ensure_build_tools
# The demo's events are from 2010: let the demo's collection feeds reach back to them (the
# default window is 12 months back; see the README).
export ENLACE_FEED_MONTHS_BACK="${ENLACE_FEED_MONTHS_BACK:-240}"
say "Building and starting Enlace (release; the first build takes about 6 minutes)"
say "When it says 'listening on', open http://${LEPTOS_SITE_ADDR:-127.0.0.1:3000}"
exec cargo leptos serve --release
