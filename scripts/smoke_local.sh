#!/usr/bin/env bash
# Smoke an already-running local service (started with `npm run service`) in remote mode.
# Pings admin and MCP first; if either is down, says how to start it and exits 2 before any check.
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ -f .env ]]; then set -a; source .env; set +a; fi

admin="${SMOKE_ADMIN_URL:-http://127.0.0.1:${ADMIN_PORT:-4100}}"
mcp="${SMOKE_MCP_URL:-http://127.0.0.1:${MCP_PORT:-4101}}"
router="${SMOKE_ROUTER_URL:-http://127.0.0.1:${ROUTER_PORT:-4102}}"
mcp_base="${mcp%/mcp}"

down=()
curl -fs -m 2 -o /dev/null "$admin/health" || down+=("admin ($admin/health)")
curl -fs -m 2 -o /dev/null "$mcp_base/health" || down+=("mcp ($mcp_base/health)")
if (( ${#down[@]} )); then
  printf 'smoke_local: not reachable: %s\n' "${down[@]}" >&2
  echo "smoke_local: start the service first, in another terminal:  npm run service" >&2
  exit 2
fi

# The service's own admin/webhook values are the smoke's defaults (same .env).
export SMOKE_ADMIN_URL="$admin" SMOKE_MCP_URL="$mcp" SMOKE_ROUTER_URL="$router"
export SMOKE_ADMIN_EMAIL="${SMOKE_ADMIN_EMAIL:-${ADMIN_EMAIL:-admin@engram.local}}"
export SMOKE_ADMIN_PASSWORD="${SMOKE_ADMIN_PASSWORD:-${ADMIN_PASSWORD:-engram-admin-local-pw}}"
export SMOKE_STRIPE_WEBHOOK_SECRET="${SMOKE_STRIPE_WEBHOOK_SECRET:-${STRIPE_WEBHOOK_SECRET:-whsec_local_engram_smoke}}"
exec node --import tsx scripts/smoke.ts "$@"
