#!/usr/bin/env bash
# Rebuild latency of the authoring loop: `quire serve` (web edition) and `quire watch`
# (all three editions) are started on a copy of a source, one word is edited N times
# (written to a temporary file and renamed over the source, as editors save), and the
# time of each rebuild is read from the line the loop prints ("built html in 12.3 ms
# (load …, render …, write …)": load, render and commit, not the 100 ms debounce).
# Sources: the article (with its annotations) and the Rust book's chapters 1-6 as one
# file (mdBook includes expanded, ~0.3 MB; the source tests/bench/rust-book.sh times).
# Usage: bash tests/bench/serve.sh [EDITS]   (default 15; builds the release binary first)
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"
EDITS=${1:-15}
cargo build --release --quiet
QUIRE="$ROOT/target/release/quire"
WORK=$(mktemp -d)
PID=""
trap '[ -n "$PID" ] && kill "$PID" 2>/dev/null; rm -rf "$WORK"' EXIT

mkdir -p "$WORK/article" "$WORK/book"
cp source/article.md source/annotations.json "$WORK/article/"
QUIRE_KEEP_BOOK="$WORK/book/book.md" QUIRE_SKIP_VALIDATORS=1 \
  cargo test --quiet -p quire-tests --test e2e -- corpus::the_rust_book >/dev/null
cp -r tests/fixtures/rust-book-ch1-6/src/img "$WORK/book/"

built() { grep -c '^built ' "$1" || true; }

# Waits until the log has more than $2 "built" lines (20 s at most).
wait_built() {
  local log=$1 before=$2 i
  for i in $(seq 1 400); do
    [ "$(built "$log")" -gt "$before" ] && return 0
    grep -q '^build failed' "$log" && { echo "a rebuild failed:"; cat "$log"; exit 1; }
    sleep 0.05
  done
  echo "no rebuild within 20 s:"; cat "$log"; exit 1
}

# bench NAME SOURCE WORD OTHER COMMAND…: edits the first WORD of SOURCE into OTHER and
# back, EDITS times, under COMMAND, and prints the rebuild times.
bench() {
  local name=$1 src=$2 a=$3 b=$4
  shift 4
  local log="$WORK/log" n
  : >"$log"
  SOURCE_DATE_EPOCH=1737000000 NO_COLOR=1 "$QUIRE" "$@" "$src" --out "$WORK/out" 2>"$log" &
  PID=$!
  wait_built "$log" 0
  for i in $(seq 1 "$EDITS"); do
    n=$(built "$log")
    sed "0,/\b$a\b/s//$b/" "$src" >"$src.tmp" && mv "$src.tmp" "$src"
    wait_built "$log" "$n"
    local t=$a; a=$b; b=$t
    sleep 0.3
  done
  kill "$PID" 2>/dev/null || true
  wait "$PID" 2>/dev/null || true
  PID=""
  # Every rebuild after the first build (the first pays for warming caches).
  grep '^built ' "$log" | tail -n +2 | sed -E 's/^built [a-z, ]+ in ([0-9.]+) ms \(load ([0-9.]+) ms, render ([0-9.]+) ms, write ([0-9.]+) ms\)$/\1 \2 \3 \4/' \
    | sort -n | awk -v name="$name" '
      { t[NR]=$1; l[NR]=$2; r[NR]=$3; w[NR]=$4 }
      END {
        m = int((NR + 1) / 2)
        printf "%-44s %2d rebuilds: best %6.1f ms, median %6.1f ms (load %.1f, render %.1f, write %.1f), worst %6.1f ms\n",
          name, NR, t[1], t[m], l[m], r[m], w[m], t[NR]
      }'
  rm -rf "$WORK/out"
}

bench "article, serve (web edition)" "$WORK/article/article.md" accelerating quickening serve --port 0
bench "article, watch --to html,epub,pdf" "$WORK/article/article.md" accelerating quickening watch
bench "Rust book ch. 1-6, serve (web edition)" "$WORK/book/book.md" language tongue serve --port 0
bench "Rust book ch. 1-6, watch --to html,epub,pdf" "$WORK/book/book.md" language tongue watch
