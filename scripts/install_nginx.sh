#!/usr/bin/env bash
# nginx from Debian's packages, for the reverse-proxy test (tests/e2e/test_reverse_proxy.py)
# and the example in deploy/nginx/ (one HTTPS origin for the web chat, Socket.IO and REST).
set -euo pipefail
if command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ]; then
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "Installerer nginx fra Debian (til reverse proxy-testen) ..."
$SUDO apt-get update -qq
# The package's own service is not needed: the test starts nginx itself, as the current user, on loopback.
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends nginx openssl >/dev/null
