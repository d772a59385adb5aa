#!/usr/bin/env bash
# Builds the site with plain cargo and wasm-bindgen, as cargo-leptos 0.3.10 did:
#   the browser half: app's lib for wasm32 with `hydrate` (release: profile wasm-release), then
#     wasm-bindgen into the site's pkg/ as enlace.js and enlace.wasm (release: wasm-opt -Oz from
#     npm's binaryen), style/main.css as pkg/enlace.css and public/* at the site's root; each
#     profile has its own site (see site_root), so the two commands never overwrite each other;
#   the server: the `enlace` binary (release: --release; debug: with every test, see build_server).
# Usage: bash scripts/build.sh [--release]. test.sh and start.sh source it for its functions.
#
# The environment cargo-leptos gave the build and the server, kept here: LEPTOS_OUTPUT_NAME=enlace
# at build time (leptos_config reads it with option_env!) and at run time; in debug builds only,
# RUSTFLAGS gains `--cfg erase_components` (for the server and the wasm alike); the server finds the
# site through LEPTOS_SITE_ROOT and LEPTOS_SITE_PKG_DIR=pkg (see site_env). LEPTOS_SITE_ADDR and
# LEPTOS_RELOAD_PORT keep leptos_config's defaults, 127.0.0.1:3000 and 3001, the values Cargo.toml's
# [workspace.metadata.leptos] gave; no reload script (cargo-leptos sets LEPTOS_WATCH only in watch).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/tools.sh"

# Where cargo writes (CARGO_TARGET_DIR, relative to the workspace, or target/) and the site in it.
TARGET_DIR="${CARGO_TARGET_DIR:-target}"
[[ "$TARGET_DIR" = /* ]] || TARGET_DIR="$ROOT/$TARGET_DIR"
export LEPTOS_OUTPUT_NAME=enlace
BROWSER_ZONES='^(America/(Belize|Toronto|Costa_Rica|Santo_Domingo|El_Salvador|Guatemala|Tegucigalpa|Mexico_City|Managua|Panama|New_York|Chicago|Denver|Los_Angeles|Vancouver|Tijuana|Cancun)|Europe/Madrid|UTC)$'

# The site of a profile: release in <target>/site (LEPTOS_SITE_ROOT's documented default), debug
# in <target>/[<triple>/]debug/site, beside the debug server and tests, which find it there.
site_root() {
  if [[ "${1:-}" == --release ]]; then
    printf '%s\n' "$TARGET_DIR/site"
  else
    printf '%s\n' "$TARGET_DIR/${CARGO_BUILD_TARGET:+$CARGO_BUILD_TARGET/}debug/site"
  fi
}

# Debug builds erase component types (much faster to compile), as cargo-leptos does; release
# builds keep the caller's RUSTFLAGS as they are.
build_env() {
  if [[ "${1:-}" != --release && " ${RUSTFLAGS:-} " != *" --cfg erase_components "* ]]; then
    export RUSTFLAGS="${RUSTFLAGS:+$RUSTFLAGS }--cfg erase_components"
  fi
}

# The variables the server reads to find the site of a profile (leptos_config's
# get_configuration). Usage: site_env [--release].
site_env() {
  LEPTOS_SITE_ROOT="$(site_root "$@")"
  export LEPTOS_SITE_ROOT LEPTOS_SITE_PKG_DIR=pkg LEPTOS_OUTPUT_NAME=enlace
}

# The browser half: wasm, its JavaScript glue, the stylesheet and the public files, into the
# profile's site: pkg/enlace.<h>.js, enlace.<h>.wasm and enlace.<h>.css (h: the first 16 hex digits
# of the file's SHA-256), each with its .br and .gz, and pkg/hash.txt naming the three hashes as
# cargo-leptos writes it (`js: <h>`, one per line; the server reads it, see server/src/assets.rs).
# The new pkg/ is assembled in pkg.new and swapped in whole, so a running server never serves a
# half-built one. When app.wasm and the tools are the ones pkg/.from names, the JavaScript and the
# wasm are taken over as they are (no wasm-bindgen, wasm-opt or compression): later starts stay
# quick. Usage: build_front [--release].
build_front() {
  build_env "$@"
  # The browser's zone database: the member capitals and the zones the app names (app/Cargo.toml's
  # `hydrate` turns on chrono-tz's filter; the server keeps every zone).
  export CHRONO_TZ_TIMEZONE_FILTER="$BROWSER_ZONES"
  local profile=(--profile dev) dir=debug release=""
  if [[ "${1:-}" == --release ]]; then profile=(--profile wasm-release); dir=wasm-release; release=yes; fi
  (cd "$ROOT" && cargo build -p app --lib --target wasm32-unknown-unknown \
    --no-default-features --features hydrate "${profile[@]}")
  local site pkg wasm from
  site="$(site_root "$@")"
  pkg="$site/pkg"
  wasm="$TARGET_DIR/wasm32-unknown-unknown/$dir/app.wasm"
  from="$(sha256sum <"$wasm" | cut -c1-64) wasm-bindgen $WASM_BINDGEN_VERSION"
  [[ -z "$release" ]] || from+=" wasm-opt -Oz binaryen $BINARYEN_VERSION"
  rm -rf "$pkg.new"
  mkdir -p "$pkg.new"
  local js_hash="" wasm_hash="" reuse="" f
  if [[ -f "$pkg/hash.txt" && "$(cat "$pkg/.from" 2>/dev/null)" == "$from" ]]; then
    js_hash="$(sed -n 's/^js: //p' "$pkg/hash.txt")"
    wasm_hash="$(sed -n 's/^wasm: //p' "$pkg/hash.txt")"
    reuse=yes
    for f in "enlace.$js_hash.js"{,.br,.gz} "enlace.$wasm_hash.wasm"{,.br,.gz}; do
      [[ -f "$pkg/$f" ]] || reuse=""
    done
  fi
  if [[ -n "$reuse" ]]; then
    cp -l "$pkg/enlace.$js_hash.js"* "$pkg/enlace.$wasm_hash.wasm"* "$pkg.new/"
    if [[ -d "$pkg/snippets" ]]; then cp -lR "$pkg/snippets" "$pkg.new/"; fi
  else
    wasm-bindgen --target web --out-dir "$pkg.new" --out-name enlace --no-typescript "$wasm"
    mv "$pkg.new/enlace_bg.wasm" "$pkg.new/enlace.wasm"
    if [[ -n "$release" ]]; then
      # cargo-leptos's wasm-opt flags; npm's binaryen (Debian's breaks hydration, see tools.sh).
      wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int \
        "$pkg.new/enlace.wasm" -o "$pkg.new/enlace.wasm"
    fi
    js_hash="$(hash_asset "$pkg.new/enlace.js")"
    wasm_hash="$(hash_asset "$pkg.new/enlace.wasm")"
    compress_assets best "$pkg.new/enlace.$js_hash.js"
    # A debug wasm is about 20 MB: brotli 11 would take half a minute, the fastest levels take
    # a tenth of a second and still send a sixth of it.
    compress_assets "$(if [[ -n "$release" ]]; then echo best; else echo fast; fi)" \
      "$pkg.new/enlace.$wasm_hash.wasm"
  fi
  cp "$ROOT/style/main.css" "$pkg.new/enlace.css"
  local css_hash
  css_hash="$(hash_asset "$pkg.new/enlace.css")"
  compress_assets best "$pkg.new/enlace.$css_hash.css"
  printf '%s\n' "$from" >"$pkg.new/.from"
  printf 'js: %s\nwasm: %s\ncss: %s\n' "$js_hash" "$wasm_hash" "$css_hash" >"$pkg.new/hash.txt"
  swap_dir "$pkg.new" "$pkg"
  cp -R "$ROOT/public/." "$site/"
  # hash.txt last: the end-to-end tests take its time as the site's.
  mark_built "$pkg"/* "$site"/*
  mark_built "$pkg/hash.txt"
}

# Renames a file to its content-hashed name (enlace.js to enlace.<h>.js) and prints h.
hash_asset() {
  local file="$1" h
  h="$(sha256sum "$file" | cut -c1-16)"
  mv "$file" "${file%.*}.$h.${file##*.}"
  printf '%s\n' "$h"
}

# Writes f.br and f.gz beside each file with Node's zlib (Node is needed anyway): `best` is brotli
# 11 and gzip 9, `fast` brotli 1 and gzip 1. Usage: compress_assets best|fast FILE...
compress_assets() {
  node -e '
    const fs = require("fs"), zlib = require("zlib"), C = zlib.constants;
    const [best, ...files] = process.argv.slice(1);
    for (const f of files) {
      const raw = fs.readFileSync(f);
      const text = !f.endsWith(".wasm");
      fs.writeFileSync(f + ".br", zlib.brotliCompressSync(raw, { params: {
        [C.BROTLI_PARAM_QUALITY]: best === "best" ? 11 : 1,
        [C.BROTLI_PARAM_MODE]: text ? C.BROTLI_MODE_TEXT : C.BROTLI_MODE_GENERIC,
        [C.BROTLI_PARAM_SIZE_HINT]: raw.length,
      } }));
      fs.writeFileSync(f + ".gz", zlib.gzipSync(raw, { level: best === "best" ? 9 : 1 }));
    }' "$@"
}

# Puts directory $1 in the place of $2 (which may be missing) and removes the old one. The two
# renames leave $2 absent for an instant, never half-filled.
swap_dir() {
  rm -rf "$2.old"
  if [[ -e "$2" ]]; then mv "$2" "$2.old"; fi
  mv "$1" "$2"
  rm -rf "$2.old"
}

# The server binary. In debug, built together with every test of the workspace: cargo unifies
# dependency features over the packages and targets it builds, and `-p server --bin enlace` alone
# would give a dozen dependencies (hyper-util, tower, regex, ...) other features than
# `cargo test --workspace` needs, so the two would not share artefacts; this way the tests then run
# without building anything.
build_server() {
  build_env "$@"
  if [[ "${1:-}" == --release ]]; then
    (cd "$ROOT" && cargo build -p server --bin enlace --release)
    mark_built "$TARGET_DIR/release/enlace"
  else
    (cd "$ROOT" && cargo build --workspace --bins --tests)
    mark_built "$TARGET_DIR/debug/enlace"
  fi
}

# Stamps outputs as built now. Cargo does not relink a binary for a change that does not reach it
# (a comment in Cargo.toml, a bench): the end-to-end tests refuse outputs older than any source,
# so a build that found everything fresh says so by their time.
mark_built() {
  touch "$@"
}

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
  cd "$ROOT"
  ensure_build_tools
  started=$SECONDS
  say "Building the site's browser half (wasm, JavaScript, stylesheet) into $(site_root "$@")"
  build_front "$@"
  say "Building the server"
  build_server "$@"
  say "Built in $(elapsed $(( SECONDS - started )))"
fi
