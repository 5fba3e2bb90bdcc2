#!/usr/bin/env bash
# What the editorial layer costs each edition: the article (45 annotations) built with
# its annotations and with --no-annotations, per edition, N builds each
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

# Mean wall and CPU (user + system) milliseconds per build over N builds with the given
# flags: CPU time is what the work costs even when other jobs share the machine.
per_build() {
  /usr/bin/time -o "$WORK/time" -f "%e %U %S" bash -c '
    for _ in $(seq "$1"); do
      target/release/quire build "$2" --out "$3" --quiet "${@:4}" >/dev/null 2>"$3.err" || exit 1
    done' _ "$N" "$SOURCE" "$WORK/out" "$@" \
    || { echo "quire build $* failed:"; head -5 "$WORK/out.err"; exit 1; }
  awk -v n="$N" '{printf "%.1f %.1f\n", $1 * 1000 / n, ($2 + $3) * 1000 / n}' "$WORK/time"
}

echo "source: $SOURCE, mean of $N builds (wall ms, CPU ms)"
for to in pdf epub html html,epub,pdf; do
  read -r w_wall w_cpu < <(per_build --to "$to")
  read -r o_wall o_cpu < <(per_build --to "$to" --no-annotations)
  awk -v to="$to" -v ww="$w_wall" -v wc="$w_cpu" -v ow="$o_wall" -v oc="$o_cpu" 'BEGIN {
    printf "--to %-13s with: %6.1f wall %6.1f cpu; without: %6.1f wall %6.1f cpu; annotations add %+5.1f %% cpu\n",
      to, ww, wc, ow, oc, (wc / oc - 1) * 100 }'
done
