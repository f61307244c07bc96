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
  echo "npm is missing: install Node.js (Debian: apt-get install npm) for the accessibility test." >&2
  exit 1
fi
echo "Installing axe-core $VERSION from npm (for the accessibility test) ..."
mkdir -p "$DIR"
npm install --prefix "$DIR" --no-save --no-audit --no-fund --loglevel=error "axe-core@$VERSION" >/dev/null
test -f "$DIR/node_modules/axe-core/axe.min.js"
