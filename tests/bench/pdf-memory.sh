#!/usr/bin/env bash
# Peak memory of the PDF edition on a long book: the article's body repeated 40 times
# (about 300 pages) under its front matter, built by the release binary, measured by GNU
# time (maximum resident set size). The target is 100 MB.
#
#   bash tests/bench/pdf-memory.sh [COPIES]      (default 40)
#
# Prints the peak RSS and wall time of three runs and exits 1 if the best is over 100 MB.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
COPIES=${1:-40}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

# The same book as `cargo bench -p quire --bench pipeline`: one front matter, the body
# repeated, explicit `{#id}` attributes dropped so the copies' ids stay unique.
python3 - "$ROOT/source/article.md" "$WORK/book.md" "$COPIES" <<'PY'
import sys
src = open(sys.argv[1], encoding="utf-8").read()
end = src.index("\n---\n", 3) + 5
front, body = src[:end], src[end:]
body = "\n".join(line.split(" {#")[0] for line in body.split("\n"))
open(sys.argv[2], "w", encoding="utf-8").write(front + (body + "\n\n") * int(sys.argv[3]))
PY

(cd "$ROOT" && cargo build --release -q -p quire)
best=
for run in 1 2 3; do
  /usr/bin/time -f "%M %e" -o "$WORK/time" \
    "$ROOT/target/release/quire" build "$WORK/book.md" --to pdf --no-annotations --out "$WORK/out" --quiet
  read -r kb secs < "$WORK/time"
  echo "run $run: peak RSS $((kb / 1024)) MB, $secs s, $(stat -c %s "$WORK/out/book.pdf") bytes"
  if [ -z "$best" ] || [ "$kb" -lt "$best" ]; then best=$kb; fi
done
echo "best peak RSS: $((best / 1024)) MB (target 100 MB)"
[ "$best" -le $((100 * 1024)) ]
