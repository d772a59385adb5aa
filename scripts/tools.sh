#!/usr/bin/env bash
# Installs, from the package registries only, what building Enlace needs: the wasm32 target,
# wasm-bindgen-cli at the version the crate pins, and npm's binaryen for wasm-opt. Sourced by
# build.sh, start.sh and test.sh; every step is skipped when done.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WASM_BINDGEN_VERSION="0.2.130"
BINARYEN_VERSION="132.0.0"
export PATH="$HOME/.cargo/bin:$ROOT/.tools/node_modules/.bin:$PATH"

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
elapsed() { printf '%dm%02ds' $(( $1 / 60 )) $(( $1 % 60 )); }

wasm_bindgen_ready() {
  [[ "$(wasm-bindgen --version 2>/dev/null)" == "wasm-bindgen $WASM_BINDGEN_VERSION" ]]
}

# Only the wasm-bindgen binary, without the test runner's TLS stack: what the build uses.
install_wasm_bindgen() {
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" \
    --no-default-features --bin wasm-bindgen --force
}

ensure_wasm_target() {
  if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    say "Adding the wasm32-unknown-unknown target (under a minute)"
    rustup target add wasm32-unknown-unknown
  fi
}

ensure_wasm_opt() {
  if [[ ! -x "$ROOT/.tools/node_modules/.bin/wasm-opt" ]]; then
    # Debian's binaryen 108 produces a release wasm that breaks hydration; npm's 132 does not.
    say "Installing wasm-opt (npm binaryen@$BINARYEN_VERSION) into .tools/"
    mkdir -p "$ROOT/.tools"
    npm install --prefix "$ROOT/.tools" --no-audit --no-fund --no-save "binaryen@$BINARYEN_VERSION" >/dev/null
  fi
}

ensure_build_tools() {
  local started=$SECONDS
  ensure_wasm_target
  if ! wasm_bindgen_ready; then
    say "Installing wasm-bindgen-cli $WASM_BINDGEN_VERSION from crates.io (3 to 4 minutes, once)"
    install_wasm_bindgen
  fi
  ensure_wasm_opt
  if (( SECONDS - started > 5 )); then
    say "Build tools ready after $(elapsed $(( SECONDS - started )))"
  fi
}
