#!/usr/bin/env bash
# Runs before `npm test`: the dashboard's browser tests (test/e2e/dashboard.test.ts) drive Debian's
# Chromium. Installed from the Debian archive when missing, as root or through sudo; elsewhere the
# dashboard tests fail with a message saying so.
set -euo pipefail
[ -x /usr/bin/chromium ] && exit 0
if ! command -v apt-get >/dev/null 2>&1; then
  echo "chromium is missing and this is no Debian system: the dashboard's browser tests will fail" >&2
  exit 0
fi
echo "chromium is missing: installing the Debian package for the dashboard's browser tests" >&2
if [ "$(id -u)" = 0 ]; then
  DEBIAN_FRONTEND=noninteractive apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium
elif command -v sudo >/dev/null 2>&1; then
  sudo DEBIAN_FRONTEND=noninteractive apt-get update && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y chromium
else
  echo "chromium cannot be installed without root; the dashboard tests will fail" >&2
fi
