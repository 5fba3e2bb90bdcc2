#!/usr/bin/env bash
# Worst time and memory of `quire build` (release, all three editions) on hostile
# input: every file of tests/fixtures/hostile/, and each family that used to be slow
# generated at about 1 MB (the limit the review set: under 5 s on one core and 1 GB).
#
#   bash tests/bench/hostile.sh
#
# Prints one line per input: exit code, wall seconds, peak RSS in MB. Exits 1 if any
# input takes 5 s or more, uses 1 GB or more, or is killed by a signal.
set -uo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
(cd "$ROOT" && cargo build --release -q -p quire) || exit 1

python3 - "$WORK" <<'PY'
import sys, os
w = sys.argv[1]
def put(name, text):
    open(os.path.join(w, name), "w", encoding="utf-8").write(text)
put("big-word.md", "x" * 1_000_000 + "\n")
put("big-code-line.md", "```\n" + "QUJD" * 250_000 + "\n```\n")
put("big-identical-paragraphs.md", "Same paragraph.\n\n" * 55_000)
put("big-thematic-breaks.md", "---\n\n" * 200_000)
put("big-identical-items.md", "- same\n" * 140_000)
put("big-links.md", " ".join(f"[l](https://e.org/{i})" for i in range(40_000)) + "\n")
put("big-autolinks.md", "www.example.org " * 60_000 + "\n")
put("big-nesting.md", "> " * 500_000 + "x\n")
put("big-emphasis.md", "*" * 400_000 + "x" + "*" * 400_000 + "\n")
put("big-brackets.md", "[" * 500_000 + "x" + "]" * 500_000 + "\n")
put("big-thai.md", "ภาษาไทย" * 45_000 + "\n")
PY

fail=0
for input in "$ROOT"/tests/fixtures/hostile/*.md "$WORK"/big-*.md; do
  name=$(basename "$input")
  /usr/bin/time -f "%e %M" -o "$WORK/time" timeout -s KILL 60 \
    "$ROOT/target/release/quire" build "$input" --out "$WORK/out" --quiet >/dev/null 2>"$WORK/stderr"
  code=$?
  read -r secs kb < <(tail -1 "$WORK/time") || { secs=60; kb=0; }
  mb=$((kb / 1024))
  printf '%-36s exit %3s  %6ss  %5s MB  stderr %s bytes\n' "$name" "$code" "$secs" "$mb" "$(wc -c < "$WORK/stderr")"
  if [ "$code" -gt 2 ] || [ "$mb" -ge 1024 ] || awk "BEGIN{exit !($secs >= 5)}"; then fail=1; fi
done
exit $fail
