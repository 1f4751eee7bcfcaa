#!/usr/bin/env bash
# Makes sure Debian's chromium is installed at /usr/bin/chromium for the browser end-to-end tests
# (playwright-core drives it; no `playwright install` download). Installs it with apt when missing.
# Needs root (or passwordless sudo) only when chromium is missing. Idempotent and quiet.
set -euo pipefail

CHROMIUM="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ -x "$CHROMIUM" ]; then
  exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
  SUDO=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  SUDO=(sudo -n)
else
  echo "ensure-chromium: $CHROMIUM is missing and I am not root (and have no passwordless sudo)." >&2
  echo "ensure-chromium: install it with: sudo apt-get update && sudo apt-get install -y chromium" >&2
  exit 1
fi

echo "ensure-chromium: installing Debian chromium with apt (about 30 s, ~110 MB)…" >&2
export DEBIAN_FRONTEND=noninteractive
"${SUDO[@]}" apt-get update -qq >/dev/null
"${SUDO[@]}" apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null

if [ ! -x "$CHROMIUM" ]; then
  echo "ensure-chromium: apt finished but $CHROMIUM is still missing" >&2
  exit 1
fi
echo "ensure-chromium: $("$CHROMIUM" --version 2>/dev/null | tail -n 1)" >&2
