#!/usr/bin/env bash
# One-time setup on a fresh machine: the Node runtime, node_modules, and the system Chromium and
# PostgreSQL when Playwright's own browser or PostgreSQL binaries are missing. Idempotent.
#
# Runtime: a supported system Node (the majors in package.json "engines": 24 or 26) is used as is.
# Otherwise the default line (.nvmrc) comes from the npm registry (package node-<os>-<arch>: the
# official binary and headers) into .runtime/node, and is linked as node_modules/.bin/node, which
# npm puts first on PATH for every script (and npx for every bin). SETUP_NODE=project forces the
# project-local runtime, SETUP_NODE=system the system one.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"

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

supported() { case "$1" in v24.* | v26.*) return 0 ;; *) return 1 ;; esac; }
# The system node, not a project-local one left on PATH by `npm run setup`.
system_node="$(PATH="$(printf '%s' "$PATH" | tr ':' '\n' | grep -v '/node_modules/\.bin$' | paste -sd:)" command -v node || true)"
system_version="$([ -n "$system_node" ] && "$system_node" --version || echo none)"
mode="${SETUP_NODE:-auto}"
if [ "$mode" = system ] || { [ "$mode" = auto ] && supported "$system_version"; }; then
  echo "setup: runtime: system node ${system_version} (${system_node})"
  local_node=""
else
  wanted="$(tr -d ' \nv' < .nvmrc)"
  runtime="${root}/.runtime/node"
  have="$([ -x "${runtime}/bin/node" ] && "${runtime}/bin/node" --version || echo none)"
  case "$have" in
    "v${wanted}" | "v${wanted}".*) ;;
    *)
      os="$(uname -s | tr '[:upper:]' '[:lower:]')"
      case "$(uname -m)" in x86_64) arch=x64 ;; aarch64 | arm64) arch=arm64 ;; *) arch="$(uname -m)" ;; esac
      echo "setup: system node ${system_version} is not a supported line (24, 26): bringing node-${os}-${arch}@${wanted} into .runtime/node"
      tmp="$(mktemp -d)"
      trap 'rm -rf "$tmp"' EXIT
      # npm pack verifies the tarball against the registry's integrity hash.
      tarball="$(cd "$tmp" && npm pack --silent "node-${os}-${arch}@${wanted}" | tail -n 1)"
      rm -rf "$runtime" && mkdir -p "$runtime"
      tar -xzf "${tmp}/${tarball}" -C "$runtime" --strip-components=1
      ;;
  esac
  local_node="${runtime}/bin/node"
  echo "setup: runtime: project-local node $("$local_node" --version) (${local_node})"
  # npm itself, node-gyp and every install script run on it, and native modules are built
  # against its headers (.runtime/node/include/node), not the system Node's.
  export PATH="${runtime}/bin:${PATH}"
  export npm_config_nodedir="$runtime"
fi

if [ -f package-lock.json ]; then npm ci --no-audit --no-fund; else npm install --no-audit --no-fund; fi
if [ -n "$local_node" ]; then
  ln -sfn "../../.runtime/node/bin/node" node_modules/.bin/node
fi
export PATH="${root}/node_modules/.bin:${PATH}" # from here on, as npm scripts see it

# better-sqlite3 13 is a Node-API addon and ships prebuilt binaries in its package; we build it
# from source against the headers of the runtime that loads it (node-gyp with npm_config_nodedir:
# nothing is downloaded). SETUP_NATIVE=prebuilt keeps the shipped binary (saves ~1-2 min).
nodedir="${npm_config_nodedir:-$(node -p 'require("path").resolve(process.execPath, "../..")')}"
if [ "${SETUP_NATIVE:-source}" = prebuilt ]; then
  echo "setup: better-sqlite3: the Node-API binary its package ships (SETUP_NATIVE=prebuilt)"
elif [ ! -f "${nodedir}/include/node/node_api.h" ]; then
  echo "setup: better-sqlite3: no Node headers at ${nodedir}/include/node; keeping the Node-API binary its package ships"
else
  echo "setup: better-sqlite3: building from source against ${nodedir}/include/node"
  log=node_modules/better-sqlite3/setup-build.log # compiler warnings: shown only on failure
  if ! (cd node_modules/better-sqlite3 && npm_config_nodedir="$nodedir" npm run --silent build-release) >"$log" 2>&1; then
    tail -n 40 "$log"
    echo "setup: better-sqlite3 build failed (log: ${log}); SETUP_NATIVE=prebuilt uses the shipped binary" >&2
    exit 1
  fi
fi
node -e '
  const db = new (require("better-sqlite3"))(":memory:");
  const built = require("fs").existsSync("node_modules/better-sqlite3/build/Release/better_sqlite3.node");
  console.log(`setup: better-sqlite3 ${require("better-sqlite3/package.json").version} (${built ? "built here" : "prebuilt"}), SQLite ${db.prepare("select sqlite_version() v").get().v}, loads on node ${process.version}`);
'
echo "setup: done; npm scripts run on node $(node --version) ($(command -v node))"
