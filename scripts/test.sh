#!/usr/bin/env bash
# npm test: type-check, the project's own tests, then the smoke on both database flavors.
set -euo pipefail
cd "$(dirname "$0")/.."
step() { printf '\n== %s\n' "$*"; }

step "typecheck"
npx tsc --noEmit -p .

step "project tests (spec/)"
node --import tsx --test --test-concurrency=1 spec/*/*.test.ts
