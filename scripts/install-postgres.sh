#!/usr/bin/env bash
# Makes PostgreSQL's server binaries (initdb, pg_ctl, postgres) available for the test suite, which
# starts its own throw-away cluster on loopback (test/helpers/postgres.ts). Installs Debian's
# `postgresql` package only when they are missing from PATH and /usr/lib/postgresql/*/bin.
# Safe to run again; returns at once when already installed. Prints the bin directory on stdout.
set -euo pipefail

log() { printf '[install-postgres] %s\n' "$*" >&2; }

find_bin_dir() {
  if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
    dirname "$(readlink -f "$(command -v initdb)")"
    return 0
  fi
  local dir
  # Highest major version first.
  for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k5 -V -r); do
    if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ] && [ -x "$dir/postgres" ]; then
      echo "$dir"
      return 0
    fi
  done
  return 1
}

if dir=$(find_bin_dir); then
  log "PostgreSQL binaries: $dir"
  echo "$dir"
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  log "PostgreSQL server binaries (initdb, pg_ctl, postgres) not found and apt-get is unavailable."
  log "Install PostgreSQL 13 or newer with your package manager and put its bin directory on PATH."
  exit 1
fi

SUDO=""
if [ "$(id -u)" != 0 ]; then
  if ! command -v sudo >/dev/null 2>&1; then
    log "PostgreSQL is missing and installing it needs root: run 'apt-get install postgresql' as root."
    exit 1
  fi
  SUDO=sudo
fi

log "installing PostgreSQL (apt-get install postgresql)..."
export DEBIAN_FRONTEND=noninteractive
if ! { $SUDO apt-get update -qq >&2 && $SUDO apt-get install -y -qq --no-install-recommends postgresql >&2; }; then
  log "apt-get could not install postgresql; install it by hand (Debian/Ubuntu: apt-get install postgresql)."
  exit 1
fi

if ! dir=$(find_bin_dir); then
  log "postgresql was installed but initdb/pg_ctl are still not found under /usr/lib/postgresql/*/bin."
  exit 1
fi
log "PostgreSQL binaries: $dir"
echo "$dir"
