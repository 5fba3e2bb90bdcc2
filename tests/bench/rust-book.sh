#!/usr/bin/env bash
# Time and peak memory of each edition of the Rust book (chapters 1-6 as one source,
# mdBook includes expanded, ~0.3 MB) and of a 1.2 MB book made of four copies of it.
# Usage: bash tests/bench/rust-book.sh   (builds the release binary first)
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"
cargo build --release --quiet
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
QUIRE_KEEP_BOOK="$WORK/book.md" QUIRE_SKIP_VALIDATORS=1 \
  cargo test --quiet -p quire-tests --test e2e -- corpus::the_rust_book >/dev/null
cp -r tests/fixtures/rust-book-ch1-6/src/img "$WORK/"
# Four copies: generated ids get -1, -2 …; the ids written in the source get a prefix
# per copy, since an id written twice is an error.
for i in 1 2 3 4; do sed -e "s/id=\"/id=\"c$i-/g" -e "s/{#/{#c$i-/g" "$WORK/book.md"; printf '\n\n'; done \
  > "$WORK/book4.md"
for book in book book4; do
  size=$(stat -c %s "$WORK/$book.md")
  for to in html epub pdf html,epub,pdf; do
    best=""
    for _ in 1 2 3; do
      /usr/bin/time -o "$WORK/time" -f "%e %M" target/release/quire build "$WORK/$book.md" \
        --to "$to" --out "$WORK/out" --quiet >/dev/null 2>"$WORK/stderr" \
        || { echo "$book.md --to $to failed:"; head -5 "$WORK/stderr"; exit 1; }
      t=$(tail -1 "$WORK/time")
      if [ -z "$best" ] || [ "$(echo "$t" | cut -d' ' -f1 | tr -d .)" -lt "$(echo "$best" | cut -d' ' -f1 | tr -d .)" ]; then best=$t; fi
    done
    echo "$book.md ($size bytes) --to $to: $(echo "$best" | awk '{printf "%s s, %.0f MB peak", $1, $2/1024}')"
  done
done
