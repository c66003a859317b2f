#!/usr/bin/env bash
# Issue 23, point 5: Buldyrev et al.'s cascade (Nature 464:1025, 2010) in giant
# mode, side by side with NetworkX and a plain breadth-first implementation.
# Run by bench/compare.sh (section 5), or alone (it builds the bench preset when missing):
#   bash bench/buldyrev.sh        BENCH_BULDYREV_NODES (100000 per network)
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

# cisim_workload buldyrev: two Erdos-Renyi networks (mean degree 4) of
# BENCH_BULDYREV_NODES nodes each, a_i and b_i depending on each other, a share
# 1 - p of A removed (p_c = 2.4554 / 4 = 0.614: 0.60 collapses, 0.65 and 0.80
# keep a mutual giant). The engine (fastest of 5) beside a plain breadth-first
# implementation in the same process; NetworkX (bench/python/buldyrev_nx.py) on
# the files written; `cisim run` on them for the whole process. Survivors are
# compared node by node.
BUL_NODES=${BENCH_BULDYREV_NODES:-100000}
echo "== buldyrev: 2 x $BUL_NODES nodes, mean degree 4, giant mode (issue 23, point 5)"
if "$PY" -c 'import networkx' 2>/dev/null; then
  for p in 0.60 0.65 0.80; do
    D5=$W/buldyrev-$p
    mkdir -p "$D5"
    C=$("$WORKLOAD" buldyrev --nodes "$BUL_NODES" --p $p --repeat 5 --write "$D5" --survivors "$D5/cisim.txt") || status=1
    echo "   p = $p cisim:    $C"
    t0=$(now); "$CISIM" run "$D5/buldyrev-scenario.json" --out "$D5/run" --force >/dev/null 2>"$D5/run.log" \
      || { cat "$D5/run.log" >&2; exit 1; }; t1=$(now)
    t2=$(now); P=$("$PY" "$ROOT/bench/python/buldyrev_nx.py" "$D5/buldyrev.json" "$D5/buldyrev-scenario.json" --survivors "$D5/networkx.txt"); t3=$(now)
    echo "   p = $p networkx: $P"
    if cmp -s "$D5/cisim.txt" "$D5/networkx.txt" && [ "$(field "$C" differ)" = 0 ]; then A=agree; else A=DISAGREE; fi
    check_agree "$A"
    CE=$(field "$C" engine_s); PL=$(field "$C" plain_bfs_s); NX=$(field "$P" cascade_s)
    echo "   answers: survivors of cisim, the plain BFS and NetworkX -> $A"
    echo "   (load average $(load))"
    echo "   whole process: cisim run $(elapsed "$t0" "$t1") s, NetworkX script $(elapsed "$t2" "$t3") s (load $(field "$P" load_s) s, graphs $(field "$P" build_s) s)"
    echo "   TARGET buldyrev >= 50x NetworkX: cisim $CE s vs NetworkX $NX s, ratio $(ratio "$NX" "$CE")x ($(field "$C" engine_cpu_s) vs $(field "$P" cascade_cpu_s) s CPU) -> $(verdict "$(ratio "$NX" "$CE")" '>= 50')"
    echo "   TARGET buldyrev within 2x of plain BFS: cisim $CE s vs plain $PL s ($(field "$C" engine_cpu_s) vs $(field "$C" plain_bfs_cpu_s) s CPU), $(ratio "$CE" "$PL")x -> $(verdict "$(ratio "$CE" "$PL")" '<= 2')"
  done
else
  echo "   skipped: $PY has no networkx (Debian's python3-networkx)"
fi

exit $status
