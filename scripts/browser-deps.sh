#!/usr/bin/env bash
# Installs what the browser tests need when it is missing: Debian's Chromium and axe-core from npm.
set -euo pipefail
cd "$(dirname "$0")/.."

chromium="${COHESION_CHROMIUM:-/usr/bin/chromium}"
if [ ! -x "$chromium" ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
    echo "Installing Debian's Chromium for the browser tests (apt-get) ..."
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -qq chromium >/dev/null 2>&1 || {
      apt-get update -qq && apt-get install -y -qq chromium >/dev/null
    }
  else
    echo "The browser tests need Chromium at $chromium." >&2
    echo "Install it with: sudo apt-get install chromium   (or set COHESION_CHROMIUM to its path)" >&2
    exit 1
  fi
fi

if [ ! -f node_modules/axe-core/axe.min.js ]; then
  if ! command -v npm >/dev/null; then
    echo "The accessibility checks need axe-core from npm: install Node.js and npm, then run 'npm ci'." >&2
    exit 1
  fi
  echo "Installing axe-core for the accessibility checks (npm ci) ..."
  npm ci --no-audit --no-fund --silent
fi
