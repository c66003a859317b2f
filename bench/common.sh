# Sourced by bench/compare.sh and bench/buldyrev.sh: the paths, the bench
# preset brought up to date, and the small helpers both use.
# BUILD (default build/bench) may be set by the caller.

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=${BUILD:-$ROOT/build/bench}
CISIM=$BUILD/sim/cisim
WORKLOAD=$BUILD/bench/cisim_workload
PY=/usr/bin/python3
W=$BUILD/bench-inputs
ME=$(basename "$0")

# The bench preset is configured (from a fresh clone, after `make`, which
# installs the Debian packages) and brought up to date here every time: a
# binary left from older sources would time code that is no longer there.
if [ "$BUILD" = "$ROOT/build/bench" ]; then
  (cd "$ROOT" && { [ -f "$BUILD/CMakeCache.txt" ] || cmake --preset bench >/dev/null; } \
     && cmake --build --preset bench -j "$(nproc)" --target cisim cisim_workload cisim_bench >/dev/null) \
    || { echo "$ME: building the bench preset failed (run: make bench)" >&2; exit 2; }
elif [ ! -x "$CISIM" ] || [ ! -x "$WORKLOAD" ]; then
  echo "$ME: $CISIM or $WORKLOAD not built" >&2; exit 2
fi
mkdir -p "$W"

# Exits unless $PY imports every module named (Debian's python3-NAME packages).
need_python() {
  "$PY" -c "import $(IFS=,; echo "$*")" 2>/dev/null \
    || { echo "$ME: $PY needs $(printf 'python3-%s ' "$@")" >&2; exit 2; }
}

now() { date +%s.%N; }
elapsed() { "$PY" -c "print(f'{$2 - $1:.3f}')"; }
field() { "$PY" -c "import json,sys; print(json.loads(sys.argv[1])[sys.argv[2]])" "$1" "$2"; }
ratio() { "$PY" -c "print(f'{$1 / $2:.1f}')"; }
verdict() { "$PY" -c "import sys; print('MET' if float(sys.argv[1]) $2 else 'NOT MET')" "$1"; }
# Load average: timings on a shared machine are only comparable at similar load.
load() { cut -d' ' -f1-3 /proc/loadavg; }
status=0
check_agree() { [ "$1" = agree ] || status=1; }

# Runs a command; then PEAK_RSS is its whole process's peak RSS ("N MiB"),
# from GNU time (Debian's `time`), or says that it is not there.
with_peak_rss() {
  if [ -x /usr/bin/time ]; then
    /usr/bin/time -f %M -o "$W/peak-rss.txt" "$@"
    PEAK_RSS="$(( $(tail -n 1 "$W/peak-rss.txt") / 1024 )) MiB"
  else
    "$@"
    PEAK_RSS="unknown (no /usr/bin/time)"
  fi
}
