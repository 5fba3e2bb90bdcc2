#!/usr/bin/env bash
# What citations cost (issue 12's target: the article with a bibliography at most 1.3×
# its time without): the article (8 citations, 12 entries) and the test paper (46
# entries), each built with its bibliography and from a copy whose front matter names
# none (the citations are then the text as written), per edition, N builds each
# (process start to exit, release build, annotations off so the two differ only in
# citations).
# Usage: bash tests/bench/citations.sh [N]   (builds the release binary first)
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"
N=${1:-21}
cargo build --release --quiet
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
export SOURCE_DATE_EPOCH=1737000000

# A copy of SOURCE's folder whose SOURCE names no bibliography.
without() {
  local src=$1 name=$2
  mkdir -p "$WORK/$name"
  cp -r "$(dirname "$src")"/. "$WORK/$name/"
  grep -v -E '^(bibliography|nocite|csl):' "$src" > "$WORK/$name/$(basename "$src")"
  echo "$WORK/$name/$(basename "$src")"
}

# Mean CPU (user + system) milliseconds per build of SOURCE over N builds with FLAGS.
per_build() {
  local src=$1; shift
  /usr/bin/time -o "$WORK/time" -f "%U %S" bash -c '
    for _ in $(seq "$1"); do
      target/release/quire build "$2" --out "$3" --quiet --no-annotations "${@:4}" >/dev/null 2>"$3.err" || exit 1
    done' _ "$N" "$src" "$WORK/out" "$@" \
    || { echo "quire build $src $* failed:"; head -5 "$WORK/out.err"; exit 1; }
  awk -v n="$N" '{printf "%.1f\n", ($1 + $2) * 1000 / n}' "$WORK/time"
}

echo "mean CPU ms of $N builds"
for src in source/article.md tests/fixtures/paper/paper.md; do
  plain=$(without "$src" "$(basename "$src" .md)")
  for to in html epub pdf html,epub,pdf; do
    with=$(per_build "$src" --to "$to")
    none=$(per_build "$plain" --to "$to")
    awk -v s="$src" -v to="$to" -v w="$with" -v o="$none" 'BEGIN {
      printf "%-30s --to %-13s with: %6.1f  without: %6.1f  ratio %.2f\n", s, to, w, o, w / o }'
  done
done
