#!/usr/bin/env bash
# Measures `aigcmark metadata read` throughput (files/s) on a folder of real JPEGs against
# `exiftool -json` on the same folder, in one run, and prints the ratio.
#   bench/metadata_read.sh [path/to/aigcmark] [number of files]
set -euo pipefail
cli=$(realpath "${1:-build/bin/aigcmark}")
n=${2:-2000}
data=/usr/share/doc/opencv-doc/examples/data
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mapfile -t photos < <(ls "$data"/*.jpg)
mkdir -p "$work/corpus"
for ((i = 0; i < n; i++)); do
  src=${photos[$((i % ${#photos[@]}))]}
  cp "$src" "$work/corpus/$(printf 'photo-%05d.jpg' "$i")"
done
# Label every other file so both paths (label found / not found) are exercised.
for ((i = 0; i < n; i += 2)); do
  f="$work/corpus/$(printf 'photo-%05d.jpg' "$i")"
  # A few opencv-doc photos carry XMP that breaks the XMP data model; aigcmark refuses to
  # overwrite those rather than lose metadata, so they simply stay unlabelled here.
  "$cli" metadata write "$f" --in-place --producer BENCH0001 --produce-id "id-$i" >/dev/null 2>&1 || true
done
cat "$work"/corpus/* >/dev/null  # page cache warm for both tools

now() { date +%s.%N; }
t0=$(now)
(cd "$work/corpus" && "$cli" metadata read --json -- *.jpg >"$work/ours.jsonl" 2>/dev/null || true)
t1=$(now)
exiftool -json -q "$work/corpus" >"$work/exiftool.json" 2>/dev/null || true
t2=$(now)

ours_labeled=$(grep -c '"Label":"1"' "$work/ours.jsonl" || true)
python3 - "$n" "$t0" "$t1" "$t2" "$ours_labeled" <<'PY'
import sys
n, t0, t1, t2, labeled = int(sys.argv[1]), *map(float, sys.argv[2:5]), int(sys.argv[5])
ours, exif = t1 - t0, t2 - t1
print(f"files: {n} real JPEGs (opencv-doc), {labeled} labelled")
print(f"aigcmark metadata read --json : {ours:7.2f} s  {n/ours:9.0f} files/s")
print(f"exiftool -json                : {exif:7.2f} s  {n/exif:9.0f} files/s")
print(f"ratio (aigcmark / exiftool throughput): {exif/ours:.1f}x")
PY
