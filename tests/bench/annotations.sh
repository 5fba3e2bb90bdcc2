#!/usr/bin/env bash
# What the editorial layer costs each edition: the article (45 annotations) built with
# its annotations and with --no-annotations, per edition, median of N runs each
# (process start to exit, release build, output to a temporary folder).
# Target (issue 13): annotations add at most 20 % to each edition's time.
# Usage: bash tests/bench/annotations.sh [SOURCE] [N]   (builds the release binary first)
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"
SOURCE=${1:-source/article.md}
N=${2:-21}
cargo build --release --quiet
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
export SOURCE_DATE_EPOCH=1737000000

# Median wall time in milliseconds of N builds with the given flags.
median_ms() {
  local times=()
  for _ in $(seq "$N"); do
    local start end
    start=$(date +%s%N)
    target/release/quire build "$SOURCE" --out "$WORK/out" --quiet "$@" >/dev/null 2>"$WORK/err" \
      || { echo "quire build $* failed:"; head -5 "$WORK/err"; exit 1; }
    end=$(date +%s%N)
    times+=($(((end - start) / 1000)))
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {printf "%.1f", a[int((NR+1)/2)]/1000}'
}

echo "source: $SOURCE, median of $N runs"
for to in pdf epub html html,epub,pdf; do
  with=$(median_ms --to "$to")
  without=$(median_ms --to "$to" --no-annotations)
  awk -v to="$to" -v w="$with" -v wo="$without" \
    'BEGIN {printf "--to %-13s with %7.1f ms, without %7.1f ms: %+5.1f %%\n", to, w, wo, (w / wo - 1) * 100}'
done
