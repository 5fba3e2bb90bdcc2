#!/usr/bin/env bash
# Nu HTML Checker on one or more files (one JVM start for all of them).
# usage: vnu.sh [--epub] FILE.html|FILE.xhtml|FILE.svg|FILE.css...
# Prints vnu's JSON ({"version","messages":[...]}) on stdout, warnings included:
#   errors   : type=="error"
#   warnings : type=="info" && subType=="warning"   (plain infos: type=="info")
# .xhtml files are parsed as XML (XHTML), .html with the HTML parser.
# --epub drops vnu's "Attribute “type” not allowed" errors caused by epub:type
#   (vnu does not know the EPUB namespace) and adds "filtered": N to the JSON.
# Extra vnu options may be given in VNU_ARGS (word-split), e.g. VNU_ARGS=--no-langdetect.
# Exit 0 when vnu ran (errors or not), non-zero when it could not run.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
epub=0
if [ "${1:-}" = --epub ]; then epub=1; shift; fi
if [ $# -lt 1 ]; then echo "usage: vnu.sh [--epub] FILE..." >&2; exit 2; fi
for f in "$@"; do [ -f "$f" ] || { echo "vnu.sh: no such file: $f" >&2; exit 2; }; done
jar=${VNU_JAR:-$here/node_modules/vnu-jar/build/dist/vnu.jar}
[ -f "$jar" ] || { echo "vnu.sh: vnu.jar not found; run .ci/install-tools" >&2; exit 3; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/quire-vnu-XXXXXX")
trap 'rm -rf "$tmp"' EXIT
set +e
# shellcheck disable=SC2086
java -Xss8m -XX:TieredStopAtLevel=1 -jar "$jar" --format json --stdout --exit-zero-always ${VNU_ARGS:-} "$@" \
  >"$tmp/out.json" 2>"$tmp/err"
rc=$?
set -e
# vnu exits 1 when a document has errors; --exit-zero-always stops that, so a
# non-zero status or output that is not {"messages":[...]} means it failed to run.
if [ $rc -ne 0 ] || ! node -e '
const fs = require("fs");
const j = JSON.parse(fs.readFileSync(process.argv[1], "utf8"));
if (!Array.isArray(j.messages)) process.exit(1);
if (j.messages.some(m => m.type === "non-document-error")) process.exit(1);
if (process.argv[2] === "1") {
  const n = j.messages.length;
  j.messages = j.messages.filter(m => !(m.type === "error"
    && /^Attribute “type” not allowed on element/.test(m.message || "")
    && /epub:type\s*=/.test((m.extract || "").substr(m.hiliteStart || 0, m.hiliteLength || 0))));
  j.filtered = n - j.messages.length;
}
fs.writeFileSync(process.argv[1], JSON.stringify(j) + "\n");
' "$tmp/out.json" "$epub" 2>"$tmp/node-err"; then
  echo "vnu.sh: vnu failed (exit $rc)" >&2; cat "$tmp/err" "$tmp/node-err" "$tmp/out.json" >&2 2>/dev/null; exit 1
fi
cat "$tmp/out.json"
