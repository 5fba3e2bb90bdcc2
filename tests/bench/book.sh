#!/usr/bin/env bash
# Time and peak memory of a 105-file mdBook project (four copies of the Rust book's
# chapters 1-6 under four part titles, ~1.05 MB of Markdown plus the included listings)
# built as it is, per edition and all three at once; best of three runs each.
# Usage: bash tests/bench/book.sh   (builds the release binary first)
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"
cargo build --release --quiet
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
FIXTURE=tests/fixtures/rust-book-ch1-6
BOOK="$WORK/book"
mkdir -p "$BOOK/src"
cp -r "$FIXTURE/listings" "$BOOK/"
cp -r "$FIXTURE/src/img" "$BOOK/src/"
printf '[book]\ntitle = "Four copies of a book"\n' >"$BOOK/book.toml"
echo "# Summary" >"$BOOK/src/SUMMARY.md"
for c in 1 2 3 4; do
  mkdir -p "$BOOK/src/c$c"
  for f in "$FIXTURE"/src/*.md; do
    name=$(basename "$f")
    [ "$name" = SUMMARY.md ] && continue
    # One folder deeper: listings and images are one more `../` away.
    sed -e 's#\.\./listings/#../../listings/#g' -e 's#](img/#](../img/#g' \
      -e 's#src="img/#src="../img/#g' "$f" >"$BOOK/src/c$c/$name"
  done
  printf '\n# Copy %s\n\n' "$c" >>"$BOOK/src/SUMMARY.md"
  sed -n -e "s#^\( *\)- \[\(.*\)\](\(.*\))#\1- [\2](c$c/\3)#p" "$FIXTURE/src/SUMMARY.md" \
    >>"$BOOK/src/SUMMARY.md"
done
files=$(find "$BOOK/src" -name '*.md' | wc -l)
bytes=$(cat "$BOOK"/src/*/*.md | wc -c)
echo "book: $files Markdown files, $bytes bytes"
for to in html epub pdf html,epub,pdf; do
  best=""
  for _ in 1 2 3; do
    /usr/bin/time -o "$WORK/time" -f "%e %M" target/release/quire build "$BOOK" \
      --to "$to" --out "$WORK/out" --quiet >/dev/null 2>"$WORK/stderr" \
      || { echo "--to $to failed:"; head -5 "$WORK/stderr"; exit 1; }
    t=$(tail -1 "$WORK/time")
    if [ -z "$best" ] || [ "$(echo "$t" | cut -d' ' -f1 | tr -d .)" -lt "$(echo "$best" | cut -d' ' -f1 | tr -d .)" ]; then best=$t; fi
  done
  echo "--to $to: $(echo "$best" | awk '{printf "%s s, %.0f MB peak", $1, $2/1024}')"
done
