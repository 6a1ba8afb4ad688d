#!/usr/bin/env bash
# Makes sure Debian's Chromium is installed for the browser check (npm run test:browser), and
# prints its path. Playwright's own browser download is never used: only the distribution's
# package, installed with apt-get when it is missing and this runs as root. Exits 1, saying why,
# when Chromium is missing and cannot be installed here.
set -uo pipefail
for candidate in "${CHROMIUM:-}" /usr/bin/chromium /usr/bin/chromium-browser; do
  if [ -n "$candidate" ] && [ -x "$candidate" ]; then echo "$candidate"; exit 0; fi
done
if ! command -v apt-get >/dev/null 2>&1; then
  echo "Chromium is not installed and apt-get is not available: install Chromium and set CHROMIUM=/path/to/it" >&2
  exit 1
fi
if [ "$(id -u)" != "0" ]; then
  echo "Chromium is not installed: run 'sudo apt-get install -y chromium' (or set CHROMIUM=/path/to/it)" >&2
  exit 1
fi
echo "Installing Debian's chromium for the browser check (apt-get) ..." >&2
export DEBIAN_FRONTEND=noninteractive
if ! { apt-get update -qq && apt-get install -y -qq chromium fonts-dejavu-core; } >&2; then
  echo "apt-get could not install chromium" >&2
  exit 1
fi
[ -x /usr/bin/chromium ] || { echo "chromium was installed but /usr/bin/chromium is missing" >&2; exit 1; }
echo /usr/bin/chromium
