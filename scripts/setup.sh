#!/usr/bin/env bash
# One-time setup on a fresh machine: node_modules, and the system Chromium and PostgreSQL when
# Playwright's own browser or PostgreSQL binaries are missing. Idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
ls "${HOME}/.cache/ms-playwright"/chromium-*/ >/dev/null 2>&1 || [ -x /usr/lib/chromium/chromium ] || need_apt+=(chromium)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need_apt+=(postgresql)
if (( ${#need_apt[@]} )); then
  echo "setup: installing ${need_apt[*]} (apt-get)"
  sudo_cmd=(); [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  export DEBIAN_FRONTEND=noninteractive
  "${sudo_cmd[@]}" apt-get update -qq || true
  "${sudo_cmd[@]}" apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

# better-sqlite3 12.x compiles from source (no prebuilt download on machines without internet).
export npm_config_build_from_source=true
if [ -f package-lock.json ]; then npm ci --no-audit --no-fund; else npm install --no-audit --no-fund; fi
echo "setup: done"
