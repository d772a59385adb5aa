#!/usr/bin/env bash
# Runs Enlace's fuzz targets for longer than CI does, and says how many inputs each ran and for how
# long. CI runs every target as a bounded proptest inside `cargo test` (see app/src/fuzz.rs and
# server/src/fuzz.rs); this runs the same functions longer:
#
#   bash scripts/fuzz.sh proptest [cases]      each proptest target with PROPTEST_CASES=cases
#                                              (default 100000), in a debug build
#   bash scripts/fuzz.sh cargo-fuzz [minutes]  each cargo-fuzz target (fuzz/, libFuzzer, coverage-
#                                              guided) for that many minutes (default 2)
#   bash scripts/fuzz.sh all [minutes]         both (proptest with 100000 cases)
#
# TARGETS="ics_bytes forms" limits the run to those targets. cargo-fuzz needs nightly flags: on a
# stable toolchain RUSTC_BOOTSTRAP=1 lets it through (set here). Its builds go to FUZZ_TARGET_DIR
# (default target/fuzz), its corpora to fuzz/corpus/<target> and what crashes to
# fuzz/artifacts/<target> (both ignored by git). Reproduce a crash with
#   RUSTC_BOOTSTRAP=1 cargo fuzz run -s none --debug-assertions <target> fuzz/artifacts/<target>/<file>
# then add the input as a regression test (named fuzz_found_...) beside the code it broke.
# Runs at low priority (nice 10): the machine may be shared.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export PATH="$HOME/.cargo/bin:$PATH"

APP_TARGETS=(event_form registration_form validators)
SERVER_TARGETS=(ics_bytes ics_structured forms feed_roundtrip)
read -r -a ONLY <<<"${TARGETS:-}"

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
wanted() {
  (( ${#ONLY[@]} == 0 )) && return 0
  local t
  for t in "${ONLY[@]}"; do [[ "$t" == "$1" ]] && return 0; done
  return 1
}

report=()

run_proptest() {
  local cases="${1:-100000}"
  # The debug flags every build of the workspace uses, so nothing is rebuilt needlessly.
  export RUSTFLAGS="${RUSTFLAGS:---cfg erase_components}" LEPTOS_OUTPUT_NAME=enlace
  export CARGO_INCREMENTAL="${CARGO_INCREMENTAL:-0}"
  local crate target started took
  for crate in app server; do
    local -n targets="${crate^^}_TARGETS"
    for target in "${targets[@]}"; do
      wanted "$target" || continue
      say "proptest $crate::fuzz::$target, $cases cases"
      started=$SECONDS
      PROPTEST_CASES="$cases" nice -n 10 cargo test -q -p "$crate" --lib \
        "fuzz::tests::$target" -- --exact
      took=$(( SECONDS - started ))
      report+=("$(printf 'proptest   %-18s %9s cases  %5ds (build included)' "$target" "$cases" "$took")")
    done
  done
}

run_cargo_fuzz() {
  local minutes="${1:-2}"
  if ! command -v cargo-fuzz >/dev/null; then
    say "Installing cargo-fuzz from crates.io (about two minutes, once)"
    cargo install cargo-fuzz --locked
  fi
  export RUSTC_BOOTSTRAP=1 CARGO_TARGET_DIR="${FUZZ_TARGET_DIR:-$ROOT/target/fuzz}"
  export LEPTOS_OUTPUT_NAME=enlace CARGO_INCREMENTAL=0
  # No sanitizer (the code forbids `unsafe`; panics and overflows are what it finds), with debug
  # assertions so that an integer overflow panics as in a debug build.
  local flags=(-s none --debug-assertions)
  say "Building the cargo-fuzz targets into $CARGO_TARGET_DIR (the first time takes a while)"
  (cd fuzz && nice -n 10 cargo fuzz build "${flags[@]}")
  local target log runs secs
  for target in "${APP_TARGETS[@]}" "${SERVER_TARGETS[@]}"; do
    wanted "$target" || continue
    mkdir -p "fuzz/corpus/$target"
    local extra=()
    if [[ "$target" == ics_bytes ]]; then
      # Seeds: our own feed and the import tests' files; a dictionary of iCalendar's words.
      cp -n server/src/ical/golden/demo-es.ics "fuzz/corpus/$target/" 2>/dev/null || true
      extra+=("-dict=$ROOT/fuzz/dicts/ics.dict")
    fi
    say "cargo-fuzz $target for $minutes minute(s)"
    log="$(mktemp)"
    (cd fuzz && nice -n 10 cargo fuzz run "${flags[@]}" "$target" "$ROOT/fuzz/corpus/$target" -- \
      -max_total_time=$(( minutes * 60 )) -max_len=16384 -timeout=20 -rss_limit_mb=4096 \
      -print_final_stats=1 "${extra[@]}") 2>&1 | tee "$log" | grep -E '^(#[0-9]+.*(NEW|pulse|DONE)|Done|==|thread)' || true
    runs="$(sed -n 's/^Done \([0-9]*\) runs in \([0-9]*\) second.*/\1/p' "$log" | tail -n 1)"
    secs="$(sed -n 's/^Done \([0-9]*\) runs in \([0-9]*\) second.*/\2/p' "$log" | tail -n 1)"
    if [[ -z "$runs" ]]; then
      report+=("$(printf 'cargo-fuzz %-18s FAILED: see fuzz/artifacts/%s' "$target" "$target")")
      rm -f "$log"
      continue
    fi
    report+=("$(printf 'cargo-fuzz %-18s %9s runs   %5ss' "$target" "$runs" "$secs")")
    rm -f "$log"
  done
}

mode="${1:-all}"
case "$mode" in
  proptest) run_proptest "${2:-100000}" ;;
  cargo-fuzz) run_cargo_fuzz "${2:-2}" ;;
  all)
    run_proptest 100000
    run_cargo_fuzz "${2:-2}"
    ;;
  *)
    echo "usage: bash scripts/fuzz.sh [proptest [cases] | cargo-fuzz [minutes] | all [minutes]]" >&2
    exit 2
    ;;
esac

say "Executions and time per target"
printf '  %s\n' "${report[@]}"
