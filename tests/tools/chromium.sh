#!/usr/bin/env bash
# Debian's Chromium with the flags every test tool must use.  Used as
# PUPPETEER_EXECUTABLE_PATH by ace.sh; usable by hand too, e.g.
#   tests/tools/chromium.sh --screenshot=/tmp/x.png --window-size=600,800 file:///tmp/x.html
# When the caller gives no --user-data-dir, a fresh one is made and removed.
set -euo pipefail
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
FLAGS=(--headless --no-sandbox --disable-gpu --no-first-run
       --disable-background-networking --disable-component-update --disable-sync)
for a in "$@"; do
  case $a in --user-data-dir=*) exec "$CHROMIUM" "${FLAGS[@]}" "$@" ;; esac
done
profile=$(mktemp -d "${TMPDIR:-/tmp}/quire-chromium-XXXXXX")
trap 'rm -rf "$profile"' EXIT
"$CHROMIUM" "${FLAGS[@]}" --user-data-dir="$profile" "$@"
