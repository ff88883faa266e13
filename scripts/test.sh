#!/usr/bin/env bash
# npm test: everything the project promises, in order of cost.
#   1. formatting, type-check and lint
#   2. the project's own tests (spec/): store contract and migrations on SQLite and PostgreSQL,
#      HTTP tests of every service surface on both, the harness (formatting, secret scan,
#      interruption, dead targets) and the fuzz pass
#   3. the smoke against the reference service on SQLite, then on PostgreSQL with a fake
#      loopback provider so BYOK validate runs too
#   4. the fault catalog: every injected bug must be caught
set -euo pipefail
cd "$(dirname "$0")/.."
step() { printf '\n== %s\n' "$*"; }
export CI=1
# One compile cache for every Node process below (tsc, eslint, the specs, the smoke, the faults):
# the same place the smoke's config picks (helpers/run/compile-cache.ts).
export NODE_COMPILE_CACHE="${NODE_COMPILE_CACHE:-$PWD/node_modules/.cache/node-compile-cache}"
# As npm runs scripts: the project-local runtime (npm run setup), if any, comes first.
export PATH="$PWD/node_modules/.bin:$PATH"
echo "test: node $(node --version) ($(command -v node))"
case "$(node --version)" in v24.* | v26.*) ;; *) echo "test: needs Node 24 or 26; npm run setup brings one" >&2; exit 2 ;; esac

step "format (prettier --check)"
npx prettier --check . --log-level warn

step "typecheck"
npx tsc --noEmit -p .

step "lint"
npx eslint . --max-warnings=0

step "project tests (spec/)"
node --import tsx --test --test-concurrency=1 --test-reporter=spec spec/*/*.test.ts

step "smoke: SQLite"
npx playwright test

step "smoke: PostgreSQL, with a fake loopback BYOK provider"
SMOKE_DB=postgres npx tsx scripts/with-fake-provider.ts npx playwright test

step "fault catalog"
npx tsx faults/run.ts
