#!/usr/bin/env bash
# What the editorial annotations cost the PDF edition: the article built as a PDF by the
# release binary with its 45 annotations (margin notes on A4, foot notes on A5) and
# with `--no-annotations`, RUNS times each, interleaved so that a busy machine slows
# both alike. The target is at most 20 % more time with annotations.
#
# Three of the notes hold Chinese words, which no embedded face has: printing them
# makes the loader search the system's fonts and read a CJK collection (20 MB), as any
# text with Chinese would. A third build uses a copy of the annotation file without
# those characters, to tell that cost from the notes' own.
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
python3 - "$ROOT/source/annotations.json" "$WORK/latin.annotations.json" <<'PY'
import re, sys
text = open(sys.argv[1], encoding="utf-8").read()
# CJK ideographs and punctuation out; "()" left where a Chinese word stood.
open(sys.argv[2], "w", encoding="utf-8").write(re.sub("[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]", "", text))
PY
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
  : > "$WORK/latin"
  : > "$WORK/without"
  for _ in $(seq "$RUNS"); do
    run "with-$size" --page-size "$size" >> "$WORK/with"
    run "latin-$size" --page-size "$size" --annotations "$WORK/latin.annotations.json" >> "$WORK/latin"
    run "without-$size" --page-size "$size" --no-annotations >> "$WORK/without"
  done
  read -r wm wb < <(stats "$WORK/with")
  read -r lm lb < <(stats "$WORK/latin")
  read -r om ob < <(stats "$WORK/without")
  pages() { pdfinfo "$WORK/$1/article.pdf" 2>/dev/null | awk '/^Pages:/ { print $2 }'; }
  pct() { echo "scale=1; ($1 - $om) * 100 / $om" | bc; }
  echo "$size: without annotations median $om s (best $ob s, $(pages "without-$size") pages);" \
    "with them median $wm s (best $wb s, $(pages "with-$size") pages, +$(pct "$wm") %);" \
    "with them, their Chinese words left out, median $lm s (best $lb s, +$(pct "$lm") %)"
done
