#!/usr/bin/env bash
# Restores a backup made by scripts/backup.sh into Enlace's database (docs/deploy.md, "Restore").
# Usage: DATABASE_URL=... scripts/restore.sh BACKUP
# Stop EVERY instance first: the script refuses while anything else has the database open (it waits
# up to RESTORE_WAIT_SECONDS, default 10, for just-stopped servers to let go).
#   SQLite: the current file (and its -wal and -shm) is moved aside as <db>.before-restore-<time>,
#     the backup is copied in and passes `pragma integrity_check`.
#   PostgreSQL: the database must exist (createdb -O enlace enlace, if it is gone); everything in
#     its public schema is dropped and the dump restored in one transaction (pg_restore
#     --single-transaction --no-owner), so a failed restore leaves the database as it was.
# Then start one instance (it applies any newer migrations), check /healthz, then the others.
set -euo pipefail

say() { printf 'restore: %s\n' "$*" >&2; }
fail() { say "$*"; exit 1; }

[[ $# -eq 1 ]] || fail "usage: DATABASE_URL=... $0 BACKUP"
backup="$1"
[[ -f "$backup" ]] || fail "no backup at $backup"
url="${DATABASE_URL:-sqlite://data/enlace.db}"
wait_for="${RESTORE_WAIT_SECONDS:-10}"

# Whether something else is using the database: prints what, returns 0 when in use.
in_use() {
  case "$url" in
    sqlite:*)
      local fd file target pids=()
      for file in "$db" "$db-wal" "$db-shm"; do
        [[ -e "$file" ]] || continue
        target="$(readlink -f "$file")"
        for fd in /proc/[0-9]*/fd/*; do
          if [[ "$(readlink "$fd" 2>/dev/null)" == "$target" ]]; then
            fd="${fd#/proc/}"
            pids+=("${fd%%/*}")
          fi
        done
      done
      ((${#pids[@]})) || return 1
      echo "process $(printf '%s\n' "${pids[@]}" | sort -un | paste -sd ' ') has $db open"
      ;;
    *)
      local others
      others="$(psql --no-psqlrc --quiet --tuples-only --no-align --dbname="$url" --command \
        "select count(*) from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()")"
      [[ "$others" != 0 ]] || return 1
      echo "$others other connections are open to the database"
      ;;
  esac
}

refuse_while_in_use() {
  local what
  for ((i = 0; ; i++)); do
    what="$(in_use)" || return 0
    ((i < wait_for)) || fail "refusing to restore: $what. Stop every Enlace instance first (systemctl stop 'enlace@*')."
    sleep 1
  done
}

case "$url" in
  sqlite:*)
    db="${url#sqlite:}"
    db="${db#//}"
    db="${db%%\?*}"
    command -v sqlite3 >/dev/null || fail "sqlite3 is not installed (Debian: apt-get install sqlite3)"
    check="$(sqlite3 -bail "file:$backup?mode=ro" "pragma integrity_check")" || true
    [[ "$check" == ok ]] || fail "$backup is not a sound SQLite database: $check"
    refuse_while_in_use
    mkdir -p "$(dirname "$db")"
    tmp="$db.restoring.$$"
    trap 'rm -f "$tmp"' EXIT
    cp "$backup" "$tmp"
    aside="$db.before-restore-$(date -u +%Y%m%dT%H%M%SZ)"
    for suffix in "" -wal -shm; do
      if [[ -e "$db$suffix" ]]; then mv "$db$suffix" "$aside$suffix"; fi
    done
    if [[ -e "$aside" ]]; then say "the database it replaces is kept as $aside"; fi
    mv "$tmp" "$db"
    trap - EXIT
    ;;
  postgres:* | postgresql:*)
    command -v pg_restore >/dev/null ||
      fail "pg_restore is not installed (Debian: apt-get install postgresql-client)"
    pg_restore --list "$backup" >/dev/null || fail "$backup is not a pg_dump archive (-Fc)"
    psql --no-psqlrc --quiet --dbname="$url" --command "select 1" >/dev/null ||
      fail "cannot connect to the database; if it is gone, create it first (createdb -O enlace enlace)"
    refuse_while_in_use
    # One transaction: the old schema goes only if the dump goes in.
    {
      echo "set client_min_messages = warning;"
      echo "drop schema if exists public cascade;"
      echo "create schema public;"
      pg_restore --no-owner --no-acl --file=- "$backup"
    } | psql --no-psqlrc --quiet --single-transaction --set ON_ERROR_STOP=1 \
      --dbname="$url" >/dev/null
    ;;
  *) fail "DATABASE_URL is neither sqlite:// nor postgres://" ;;
esac
say "restored $backup; start one instance, check /healthz, then the others"
