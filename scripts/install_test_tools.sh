#!/usr/bin/env bash
# What `make test` needs beyond the venv and the model: Chromium, PostgreSQL and Redis, nginx, axe-core.
# `make test` runs this in the background while it installs the venv and trains, so on a new machine the
# downloads cost no time of their own. One script after the other here: apt-get holds one lock at a time.
set -euo pipefail
cd "$(dirname "$0")"
for script in install_chromium.sh install_services.sh install_nginx.sh install_axe.sh; do
  bash "$script"
done
