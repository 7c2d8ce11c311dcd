#!/bin/sh
# Writes the fuzzers' seed corpus into DIR (default Fuzz/.build/seeds), from
# the files the repository already has rather than committed copies:
#   - every .cap file under Examples/ and Tests/Cases/ (valid data, scripts,
#     and each kind of mistake the case files pin down, invalid UTF-8 too);
#   - Fuzz/Seeds/*.cap: a small file, clean on its own, that declares an
#     output in every format. A fuzz target parses one file and follows no
#     include, so the examples, which refer to each other, all have errors
#     there, and only clean data reaches the publishers;
#   - Fuzz/Regressions/*.cap: every input a fuzzer found to crash or hang
#     cap, so each run replays them first (the test suite checks them too).
#
# `Fuzz/seed-corpus.sh DIR script` writes the script target's seeds instead:
# scripts only (Fuzz/Seeds/Scripts/, the case files of Tests/Cases/script/,
# and that target's regressions), since it runs them beside data of its own.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$root/Fuzz/.build/seeds}
rm -rf "$out"
mkdir -p "$out"
cd "$root"
if [ "${2:-}" = script ]; then
    sources="Fuzz/Seeds/Scripts Tests/Cases/script $(ls Fuzz/Regressions/script-*.cap 2>/dev/null || true)"
else
    sources="Examples Tests/Cases Fuzz/Seeds Fuzz/Regressions"
fi
# shellcheck disable=SC2086
find $sources -type f -name '*.cap' | sort | while IFS= read -r f; do
    cp "$f" "$out/$(printf '%s' "$f" | tr '/' '_')"
done
echo "seed corpus: $(ls "$out" | wc -l) files in $out"
