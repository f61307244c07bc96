#!/usr/bin/env bash
# axe-core (accessibility rules, MPL-2.0) from npm, for the web chat's browser test
# (tests/e2e/test_webchat.py). Installed into .build/axe-core (git-ignored), never served with web/.
set -euo pipefail
VERSION="4.14.1"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DIR="$ROOT/.build/axe-core"
PKG="$DIR/node_modules/axe-core/package.json"
if [ -f "$PKG" ] && grep -q "\"version\": \"$VERSION\"" "$PKG"; then
  exit 0
fi
if ! command -v npm >/dev/null 2>&1; then
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  echo "Installing npm from Debian (for the accessibility test) ..."
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq npm >/dev/null
fi
echo "Installing axe-core $VERSION from npm (for the accessibility test) ..."
mkdir -p "$DIR"
npm install --prefix "$DIR" --no-save --no-audit --no-fund --loglevel=error "axe-core@$VERSION" >/dev/null
test -f "$DIR/node_modules/axe-core/axe.min.js"
