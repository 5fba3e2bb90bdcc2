#!/usr/bin/env bash
# What the editorial annotations cost the PDF edition: the article built as a PDF by the
# release binary with its 45 annotations (margin notes on A4, foot notes on A5) and
# with `--no-annotations`, RUNS times each, interleaved so that a busy machine slows
# both alike. The target is at most 20 % more time with annotations.
#
#   bash tests/bench/annotations_pdf.sh [RUNS]      (default 15)
#
# Prints the median and the best wall time of each, and the extra cost of annotations.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
RUNS=${1:-15}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

(cd "$ROOT" && cargo build --release -q -p quire)
BIN="$ROOT/target/release/quire"

run() { # OUT FLAGS… → seconds
  local out=$1
  shift
  local t0 t1
  t0=$(date +%s.%N)
  "$BIN" build "$ROOT/source/article.md" --to pdf --out "$WORK/$out" --quiet "$@" 2>/dev/null
  t1=$(date +%s.%N)
  echo "$t1 - $t0" | bc
}

stats() { # FILE → "median best"
  sort -n "$1" | awk '{ v[NR] = $1 } END { m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; printf "%.3f %.3f\n", m, v[1] }'
}

for size in a4 a5; do
  : > "$WORK/with"
  : > "$WORK/without"
  for _ in $(seq "$RUNS"); do
    run "with-$size" --page-size "$size" >> "$WORK/with"
    run "without-$size" --page-size "$size" --no-annotations >> "$WORK/without"
  done
  read -r wm wb < <(stats "$WORK/with")
  read -r om ob < <(stats "$WORK/without")
  pages_with=$(pdfinfo "$WORK/with-$size/article.pdf" 2>/dev/null | awk '/^Pages:/ { print $2 }')
  pages_without=$(pdfinfo "$WORK/without-$size/article.pdf" 2>/dev/null | awk '/^Pages:/ { print $2 }')
  extra=$(echo "scale=1; ($wm - $om) * 100 / $om" | bc)
  echo "$size: with annotations median $wm s (best $wb s, ${pages_with:-?} pages);" \
    "without median $om s (best $ob s, ${pages_without:-?} pages); annotations add $extra %"
done
