#!/usr/bin/env bash
# Regenerates the golden summaries of every shipped scenario with the release build.
# Run after an intended change in predictions, and explain the change in the commit.
set -euo pipefail
cd "$(dirname "$0")/../.."
cisim=${CISIM:-build/release/sim/cisim}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for s in scenarios/*.json; do
  name=$(basename "$s" .json)
  "$cisim" run "$s" --out "$tmp/$name" > /dev/null
  cp "$tmp/$name/summary.json" "tests/golden/$name.summary.json"
  echo "updated tests/golden/$name.summary.json"
done
