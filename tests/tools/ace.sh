#!/usr/bin/env bash
# DAISY Ace on one EPUB.  usage: ace.sh FILE.epub OUTDIR
# Writes OUTDIR/report.json (+ report.html) and prints on stdout:
#   violations: N
#   impacts: critical=A serious=B moderate=C minor=D
# Exit 0 when Ace ran (violations or not), non-zero when it could not run.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
if [ $# -ne 2 ]; then echo "usage: ace.sh FILE.epub OUTDIR" >&2; exit 2; fi
epub=$(realpath "$1"); out=$2
[ -f "$epub" ] || { echo "ace.sh: no such file: $1" >&2; exit 2; }
ace=$here/node_modules/@daisy/ace-cli/bin/ace.js
[ -f "$ace" ] || { echo "ace.sh: Ace not installed; run .ci/install-tools" >&2; exit 3; }
mkdir -p "$out"; out=$(realpath "$out")

# Ace writes config and a log file per run under $HOME (~/.config, ~/.local/state):
# give it a throw-away HOME so runs neither need a writable HOME nor pile up logs.
scratch=$(mktemp -d "${TMPDIR:-/tmp}/quire-ace-XXXXXX")
trap 'rm -rf "$scratch"' EXIT
export HOME=$scratch XDG_CONFIG_HOME=$scratch/config XDG_STATE_HOME=$scratch/state \
       XDG_DATA_HOME=$scratch/data XDG_CACHE_HOME=$scratch/cache
export PUPPETEER_SKIP_DOWNLOAD=true PUPPETEER_EXECUTABLE_PATH=$here/chromium.sh

rm -f "$out/report.json"
set +e
node "$ace" --silent --force --outdir "$out" --tempdir "$scratch/tmp" "$epub" >"$scratch/stdout" 2>"$scratch/stderr"
rc=$?
set -e
if [ $rc -ne 0 ] || [ ! -s "$out/report.json" ]; then
  echo "ace.sh: Ace failed (exit $rc)" >&2
  cat "$scratch/stdout" "$scratch/stderr" >&2
  cat "$scratch"/state/*/*.log >&2 2>/dev/null || true
  exit 1
fi
# Each entry of assertions[].assertions[] is one violation (one rule failing in
# one content document); its impact is earl:test["earl:impact"].
# shellcheck disable=SC2016  # JavaScript template literals, not shell
node -e '
const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
const imp = { critical: 0, serious: 0, moderate: 0, minor: 0 };
let n = 0;
for (const doc of r.assertions || []) for (const a of doc.assertions || []) {
  if ((a["earl:result"] || {})["earl:outcome"] !== "fail") continue;
  n++; const i = (a["earl:test"] || {})["earl:impact"]; if (i in imp) imp[i]++;
}
console.log(`violations: ${n}`);
console.log(`impacts: ${Object.entries(imp).map(([k, v]) => `${k}=${v}`).join(" ")}`);
' "$out/report.json"
