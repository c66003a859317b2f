#!/bin/sh
# The cache of checked models through the command line (io/ModelCache.hpp),
# with the size threshold lowered so that a shipped model is cached:
#  - a first run parses and writes an entry, a second reads it (the -v trace
#    says which), and both write the same result files;
#  - `validate` and `analyze` read the same entry; a changed byte of the model
#    misses and makes a second entry;
#  - a model with errors is reported as without a cache and leaves no entry;
#  - a damaged entry is a miss, never an error; CISIM_CACHE_DIR=off writes none.
set -u
cisim=$1 root=$2 work=$3
rm -rf "$work" && mkdir -p "$work"
fail() { echo "FAIL: $*"; exit 1; }
export CISIM_CACHE_DIR="$work/cache" CISIM_CACHE_MIN_BYTES=0
scenario="$root/scenarios/kddi-2022-mobile-core.json"
cp "$root/models/japan-ci.json" "$work/model.json"

"$cisim" run "$scenario" --model "$work/model.json" --out "$work/a" -v > /dev/null 2> "$work/a.err" || fail "first run: $(cat "$work/a.err")"
grep -q "model cache: wrote " "$work/a.err" || fail "first run wrote no entry: $(cat "$work/a.err")"
[ "$(ls "$work/cache" | wc -l)" -eq 1 ] || fail "one entry expected: $(ls "$work/cache")"
"$cisim" run "$scenario" --model "$work/model.json" --out "$work/b" -v > /dev/null 2> "$work/b.err" || fail "second run"
grep -q "model cache: read " "$work/b.err" || fail "second run did not read the entry: $(cat "$work/b.err")"
for f in $(cd "$work/a" && ls); do
  cmp -s "$work/a/$f" "$work/b/$f" || fail "$f differs between the parsed and the cached model"
done

"$cisim" validate "$work/model.json" -v > "$work/v.out" 2> "$work/v.err" || fail "validate"
grep -q "model cache: read " "$work/v.err" || fail "validate did not read the entry"
grep -qx "$work/model.json: ok" "$work/v.out" || fail "validate output: $(cat "$work/v.out")"
"$cisim" analyze "$work/model.json" -v > /dev/null 2> "$work/an.err" || fail "analyze"
grep -q "model cache: read " "$work/an.err" || fail "analyze did not read the entry"

# One byte changed (a description): another text, another entry.
sed 's/"description": "/"description": "x/' "$work/model.json" > "$work/model2.json"
cmp -s "$work/model.json" "$work/model2.json" && fail "the edit changed nothing"
"$cisim" validate "$work/model2.json" -v > /dev/null 2> "$work/v2.err" || fail "validate edited"
grep -q "model cache: wrote " "$work/v2.err" || fail "an edited model was not parsed: $(cat "$work/v2.err")"
[ "$(ls "$work/cache" | wc -l)" -eq 2 ] || fail "two entries expected"

# A bad model: the same errors as without a cache, no entry.
sed 's/"strength": 0.3/"strength": 7/' "$work/model.json" > "$work/bad.json"
"$cisim" validate "$work/bad.json" > /dev/null 2> "$work/bad.err" && fail "a bad model validated"
CISIM_CACHE_DIR=off "$cisim" validate "$work/bad.json" > /dev/null 2> "$work/bad-off.err"
cmp -s "$work/bad.err" "$work/bad-off.err" || fail "errors differ with the cache: $(cat "$work/bad.err")"
[ "$(ls "$work/cache" | wc -l)" -eq 2 ] || fail "a bad model left an entry"

# Damaged entries: every one truncated to half; the run parses again and rewrites them.
for e in "$work/cache"/*.model; do
  head -c $(( $(wc -c < "$e") / 2 )) "$e" > "$e.half" && mv "$e.half" "$e"
done
"$cisim" run "$scenario" --model "$work/model.json" --out "$work/c" -v > /dev/null 2> "$work/c.err" || fail "run on a damaged entry"
grep -q "model cache: ignored " "$work/c.err" || fail "the damaged entry was not reported at -v: $(cat "$work/c.err")"
grep -q "model cache: wrote " "$work/c.err" || fail "the damaged entry was not rewritten"
cmp -s "$work/a/summary.json" "$work/c/summary.json" || fail "summary differs after a damaged entry"

# Off: nothing written.
rm -rf "$work/cache"
CISIM_CACHE_DIR=off "$cisim" validate "$work/model.json" > /dev/null || fail "validate with the cache off"
[ -e "$work/cache" ] && fail "CISIM_CACHE_DIR=off wrote an entry"
echo "model cache: ok"
