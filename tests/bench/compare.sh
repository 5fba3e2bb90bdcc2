#!/usr/bin/env bash
# Two quire binaries on the same build, alternated run by run so that both see the same
# machine (a shared or throttled machine drifts by more than most changes are worth):
# the median wall and CPU (user + system) milliseconds of each, and the change.
# Usage: bash tests/bench/compare.sh OLD_BINARY NEW_BINARY N -- BUILD_ARGS...
#   e.g. git worktree add /tmp/old HEAD~1 && cargo build --release --manifest-path /tmp/old/Cargo.toml
#        bash tests/bench/compare.sh /tmp/old/target/release/quire target/release/quire 21 \
#          -- source/article.md --to pdf
set -euo pipefail
OLD=$1 NEW=$2 N=$3
shift 3
[ "${1:-}" = "--" ] && shift
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-1737000000}
: > "$WORK/old" ; : > "$WORK/new"
for _ in $(seq "$N"); do
  for which in old new; do
    bin=$OLD; [ "$which" = new ] && bin=$NEW
    # bash's own timer: milliseconds (GNU time rounds to 10 ms).
    { TIMEFORMAT='%3R %3U %3S'; time "$bin" build "$@" --out "$WORK/out-$which" --quiet >/dev/null 2>"$WORK/err" \
      || { echo "$bin build $* failed:"; head -5 "$WORK/err"; exit 1; }; } 2> "$WORK/t"
    awk '{printf "%.1f %.1f\n", $1 * 1000, ($2 + $3) * 1000}' "$WORK/t" >> "$WORK/$which"
  done
done
median() { sort -n | awk '{a[NR] = $1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }
ow=$(cut -d' ' -f1 "$WORK/old" | median); oc=$(cut -d' ' -f2 "$WORK/old" | median)
nw=$(cut -d' ' -f1 "$WORK/new" | median); nc=$(cut -d' ' -f2 "$WORK/new" | median)
awk -v ow="$ow" -v oc="$oc" -v nw="$nw" -v nc="$nc" -v n="$N" -v args="$*" 'BEGIN {
  printf "%s (medians of %d alternated runs)\n  old: %7.1f wall %7.1f cpu\n  new: %7.1f wall %7.1f cpu\n  change: %+5.1f %% wall, %+5.1f %% cpu\n",
    args, n, ow, oc, nw, nc, (nw / ow - 1) * 100, (nc / oc - 1) * 100 }'
