#!/usr/bin/env bash
# `make fuzz`: runs each libFuzzer harness for FUZZ_SECONDS (default 60) from
# its seed corpus (tests/fuzz/corpus/<target>/), then replays every input kept
# in tests/fuzz/regressions/<target>/. A crash, leak, timeout or sanitizer
# report leaves its input in regressions/<target>/ (-artifact_prefix): fix the
# bug and commit the input, so that every later run replays it.
# FUZZ_SECONDS=0 only replays. Needs the harnesses of the `asan` preset built.
set -euo pipefail
cd "$(dirname "$0")/../.."
bin=build/asan/tests/fuzz
seconds=${FUZZ_SECONDS:-60}
targets=(model scenario graphml model_cache)
status=0
if ((seconds > 0)); then
  for t in "${targets[@]}"; do
    work=build/asan/corpus/$t  # inputs this machine found (not committed)
    mkdir -p "$work" "tests/fuzz/regressions/$t"
    echo "== fuzzing $t for ${seconds}s"
    "$bin/cisim_fuzz_$t" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
      $([ -f "tests/fuzz/$t.dict" ] && echo "-dict=tests/fuzz/$t.dict") -artifact_prefix="tests/fuzz/regressions/$t/" "$work" "tests/fuzz/corpus/$t" \
      || status=1
  done
fi
shopt -s nullglob
for t in "${targets[@]}"; do
  kept=(tests/fuzz/regressions/"$t"/*)
  echo "== replaying ${#kept[@]} regression input(s) of $t"
  if ((${#kept[@]})); then "$bin/cisim_fuzz_$t" "${kept[@]}" || status=1; fi
done
exit $status
