#!/usr/bin/env bash
# Backs up Enlace's database while the servers run (docs/deploy.md, "Backups").
# Usage: DATABASE_URL=... scripts/backup.sh OUT
#   SQLite (sqlite://path): one consistent snapshot through `VACUUM INTO` (a read transaction: the
#     servers go on writing meanwhile; the copy is compacted), then `pragma integrity_check`.
#   PostgreSQL (postgres://...): `pg_dump --format=custom` (one snapshot), then `pg_restore --list`
#     reads it back.
# OUT must not exist. The backup is written beside it and renamed into place only once checked, so
# OUT is always a whole, checked backup. It holds personal data and, when ENLACE_SECRET is not
# set, the site secret: encrypt it before it leaves the machine (docs/deploy.md).
set -euo pipefail

say() { printf 'backup: %s\n' "$*" >&2; }
fail() { say "$*"; exit 1; }

[[ $# -eq 1 ]] || fail "usage: DATABASE_URL=... $0 OUT"
out="$1"
url="${DATABASE_URL:-sqlite://data/enlace.db}"
[[ ! -e "$out" ]] || fail "$out exists already: give a new name"
mkdir -p "$(dirname "$out")"
tmp="$out.partial.$$"
trap 'rm -f "$tmp"' EXIT
umask 077

case "$url" in
  sqlite:*)
    db="${url#sqlite:}"
    db="${db#//}"
    db="${db%%\?*}"
    [[ -f "$db" ]] || fail "no SQLite database at $db"
    command -v sqlite3 >/dev/null || fail "sqlite3 is not installed (Debian: apt-get install sqlite3)"
    # SQL string literal: single quotes doubled.
    quoted="${tmp//\'/\'\'}"
    sqlite3 -bail "$db" "VACUUM INTO '$quoted'"
    check="$(sqlite3 -bail "$tmp" "pragma integrity_check")"
    [[ "$check" == ok ]] || fail "the copy of $db failed its integrity check: $check"
    ;;
  postgres:* | postgresql:*)
    command -v pg_dump >/dev/null ||
      fail "pg_dump is not installed (Debian: apt-get install postgresql-client)"
    pg_dump --format=custom --file="$tmp" --dbname="$url"
    pg_restore --list "$tmp" >/dev/null || fail "the dump of the database cannot be read back"
    ;;
  *) fail "DATABASE_URL is neither sqlite:// nor postgres://" ;;
esac

mv "$tmp" "$out"
trap - EXIT
say "wrote $out ($(wc -c <"$out") bytes)"
