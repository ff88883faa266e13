#!/usr/bin/env bash
# Smoke a deployment. Required: SMOKE_ADMIN_URL, SMOKE_MCP_URL, SMOKE_ROUTER_URL.
# Optional: SMOKE_BYOK_KEY, SMOKE_ADMIN_EMAIL, SMOKE_ADMIN_PASSWORD, SMOKE_STRIPE_WEBHOOK_SECRET:
# each missing one turns the checks that need it into clear skips, never reds.
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ -f .env ]]; then set -a; source .env; set +a; fi

missing=()
for v in SMOKE_ADMIN_URL SMOKE_MCP_URL SMOKE_ROUTER_URL; do [[ -n "${!v:-}" ]] || missing+=("$v"); done
if (( ${#missing[@]} )); then
  echo "smoke_prod: missing ${missing[*]} (the deployment's base URLs)" >&2
  exit 2
fi
for v in SMOKE_BYOK_KEY SMOKE_ADMIN_EMAIL SMOKE_ADMIN_PASSWORD SMOKE_STRIPE_WEBHOOK_SECRET; do
  [[ -n "${!v:-}" ]] || echo "smoke_prod: $v not set: its checks will be skipped"
done
exec node --import tsx scripts/smoke.ts "$@"
