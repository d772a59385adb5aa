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

# The browser half: wasm, its JavaScript glue, the stylesheet and the public files.
build_front() {
  build_env "$@"
  local profile=(--profile dev) dir=debug
  if [[ "${1:-}" == --release ]]; then profile=(--profile wasm-release); dir=wasm-release; fi
  (cd "$ROOT" && cargo build -p app --lib --target wasm32-unknown-unknown \
    --no-default-features --features hydrate "${profile[@]}")
  local site
  site="$(site_root "$@")"
  local pkg="$site/pkg"
  rm -rf "$pkg"
  mkdir -p "$pkg"
  wasm-bindgen --target web --out-dir "$pkg" --out-name enlace --no-typescript \
    "$TARGET_DIR/wasm32-unknown-unknown/$dir/app.wasm"
  # leptos's HydrationScripts loads /pkg/enlace.wasm, as cargo-leptos names it.
  mv "$pkg/enlace_bg.wasm" "$pkg/enlace.wasm"
  if [[ "${1:-}" == --release ]]; then
    # cargo-leptos's wasm-opt flags; npm's binaryen (Debian's breaks hydration, see tools.sh).
    wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int \
      "$pkg/enlace.wasm" -o "$pkg/enlace.wasm"
  fi
  cp "$ROOT/style/main.css" "$pkg/enlace.css"
  cp -R "$ROOT/public/." "$site/"
  mark_built "$pkg"/* "$site"/*
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
