#!/usr/bin/python3
"""Straightforward Python (NumPy/SciPy) implementation of cisim's rules, for
bench/compare.sh (SPEC §10): the same computation as the C++ engine, run on
the same input files, to check the answers and to time the two side by side.

  cisim_py.py cascade MODEL SCENARIO --curves OUT.csv
  cisim_py.py mc MODEL SCENARIO --samples N --seed S --bands OUT.csv
  cisim_py.py iim MODEL --shock ID=VALUE ... --q OUT.csv

The cascade follows the rule of sim/engines/CascadeEngine.hpp and the
connectivity rule of sim/engines/Connectivity.hpp in its plainest vectorised
form: every step, full Jacobi sweeps over all units and edges from full
operability to the fixed point, then a connected-components pass over each
network sector (scipy.sparse.csgraph), alternating until nothing changes;
buffer levels in closed form over phases of constant per-step change, for
every edge every step (sim/engines/BufferPhase.hpp). Hazards: it_outage, blackout, restore
(the kinds the bench scenarios use). Run with /usr/bin/python3 (Debian's
python3-numpy, python3-scipy).
"""
import argparse
import fnmatch
import json
import math
import sys
import time

import numpy as np
import scipy.sparse as sp
from scipy.sparse import csgraph

# The constants of sim/engines/{BufferPhase,CascadeEngine,Connectivity}.hpp.
BUFFER_EPS = 1e-9      # buffer_empty_h
SHORTFALL_EPS = 1e-9   # shortfall_min: at or below, nothing drains
CONVERGE_EPS = 1e-12
MAX_SWEEPS = 100000    # cascade_max_sweeps
WORKING = 0.5 - 1e-9   # working_threshold
HOLD, DRAIN, REFILL = 0, 1, 2


def f32(x):
    """The engine stores edge figures as 32-bit floats."""
    return float(np.float32(x))


# --- model --------------------------------------------------------------------


class Net:
    """Units (assets, then one per sector without assets) and incoming edges."""

    def __init__(self, model):
        self.model = model
        sectors = model["sectors"]
        nodes = model.get("nodes", [])
        self.sector_index = {s["id"]: i for i, s in enumerate(sectors)}
        S = len(sectors)
        by_sector = [[] for _ in range(S)]
        ids, unit_sector, weight, node_of = [], [], [], []
        for i, n in enumerate(nodes):
            s = self.sector_index[n["sector"]]
            by_sector[s].append(len(ids))
            ids.append(n["id"])
            unit_sector.append(s)
            weight.append(n.get("capacity", 1.0))
            node_of.append(i)
        for s in range(S):
            if not by_sector[s]:
                by_sector[s].append(len(ids))
                ids.append(sectors[s]["id"])
                unit_sector.append(s)
                weight.append(1.0)
                node_of.append(-1)
        self.n, self.S = len(ids), S
        self.ids = ids
        self.unit_index = {u: i for i, u in enumerate(ids)}
        self.unit_sector = np.array(unit_sector, dtype=np.int64)
        self.node_of = np.array(node_of, dtype=np.int64)
        w = np.array(weight, dtype=np.float64)
        for s in range(S):
            idx = np.array(by_sector[s])
            total = w[idx].sum()
            w[idx] = w[idx] / total if total > 0 else 1.0 / len(idx)
        self.weight = w
        self.by_sector = by_sector
        self.sector_has_nodes = [self.node_of[by_sector[s][0]] >= 0 for s in range(S)]
        classes = model.get("combination", {})
        self.product = np.array([n is not None and classes.get(n, "min") == "product"
                                 for n in (nodes[i].get("class") if i >= 0 else None for i in node_of)])
        self.node_class = [nodes[i].get("class", "") if i >= 0 else "" for i in node_of]
        self.region = [nodes[i].get("region", "") if i >= 0 else None for i in node_of]
        self.repair_scale = np.array([sectors[unit_sector[u]].get("repair_scale", 1.0) *
                                      (nodes[node_of[u]].get("repair_scale", 1.0) if node_of[u] >= 0 else 1.0)
                                      for u in range(self.n)])
        self._edges(model)
        self._links(model)

    def _edges(self, model):
        cons, sup, is_sec, strength, buf, refill, delay, group, func = [], [], [], [], [], [], [], [], []
        gname = []
        for d in model.get("dependencies", []):
            frm, to = d["from"], d["to"]
            if frm in self.unit_index and frm not in self.sector_index:
                supplier, sec = self.unit_index[frm], False
            else:
                s = self.sector_index[frm]
                if self.sector_has_nodes[s]:
                    supplier, sec = s, True
                else:
                    supplier, sec = self.by_sector[s][0], False
            consumers = self.by_sector[self.sector_index[to]] if to in self.sector_index else [self.unit_index[to]]
            b = d.get("buffer_h", 0.0)
            for c in consumers:
                cons.append(c)
                sup.append(supplier)
                is_sec.append(sec)
                strength.append(f32(d.get("strength", 1.0)))
                buf.append(f32(b))
                refill.append(f32(d.get("refill_h", b)))
                delay.append(f32(d.get("delay_h", 0.0)))
                gname.append(d.get("group", ""))
                func.append(d.get("effect", "function") != "repair")
        order = np.argsort(np.array(cons, dtype=np.int64), kind="stable")
        take = lambda xs, dt: np.array(xs, dtype=dt)[order] if len(xs) else np.zeros(0, dtype=dt)
        self.consumer = take(cons, np.int64)
        self.supplier = take(sup, np.int64)
        self.is_sector = take(is_sec, bool)
        self.strength = take(strength, np.float64)
        self.buffer_h = take(buf, np.float64)
        self.refill_h = take(refill, np.float64)
        self.delay_h = take(delay, np.float64)
        self.function = take(func, bool)
        names = [gname[i] for i in order]
        group = np.full(len(names), -1, dtype=np.int64)
        seen, current = {}, -1
        for e, (c, g) in enumerate(zip(self.consumer.tolist(), names)):
            if c != current:  # group numbers are local to a consumer, by first appearance
                seen, current = {}, c
            if g:
                group[e] = seen.setdefault(g, len(seen))
        self.group = group

    def _links(self, model):
        self.networks = []
        links = model.get("links", [])
        for s, sec in enumerate(self.model["sectors"]):
            mode = sec.get("network")
            if not mode or not self.sector_has_nodes[s]:
                continue
            units = np.array(sorted(self.by_sector[s]), dtype=np.int64)
            local = {int(u): i for i, u in enumerate(units)}
            a, b = [], []
            for l in links:
                ua, ub = self.unit_index[l["a"]], self.unit_index[l["b"]]
                if ua in local and ub in local:
                    a += [local[ua], local[ub]]
                    b += [local[ub], local[ua]]
            m = len(units)
            adj = sp.csr_matrix((np.ones(len(a)), (np.array(a, dtype=np.int64), np.array(b, dtype=np.int64))), shape=(m, m))
            source = np.array([bool(self.model["nodes"][self.node_of[u]].get("source", False)) for u in units])
            self.networks.append((mode, units, adj, source))


# --- hazards --------------------------------------------------------------------


def recovery_remaining(kind, recovery_h, t):
    eps = 1e-9
    if t < -eps:
        return 1.0
    if kind == "step" or recovery_h <= 0:
        return 0.0
    if t >= recovery_h - eps:
        return 0.0
    if t <= 0:
        return 1.0
    if kind == "linear":
        return 1.0 - t / recovery_h
    return math.exp(-math.log(100.0) * t / recovery_h)


def recovery_remaining_v(kind, recovery_h, t):
    """recovery_remaining for arrays (kind: 0 step, 1 linear, 2 exponential)."""
    eps = 1e-9
    h = np.where(recovery_h > 0, recovery_h, 1.0)
    v = np.where(kind == 1, 1.0 - t / h, np.exp(-math.log(100.0) * np.maximum(t, 0.0) / h))
    v = np.where(t <= 0, 1.0, v)
    v = np.where(t >= recovery_h - eps, 0.0, v)
    v = np.where((kind == 0) | (recovery_h <= 0), 0.0, v)
    return np.where(t < -eps, 1.0, v)


KINDS = {"step": 0, "linear": 1, "exponential": 2}


def select_units(net, e):
    chosen = set()
    if "target" in e:
        t = e["target"]
        if t in net.sector_index:
            chosen.update(net.by_sector[net.sector_index[t]])
        elif t in net.unit_index:
            chosen.add(net.unit_index[t])
    for i in e.get("nodes", []):
        chosen.add(net.unit_index[i])
    cls, region = e.get("class"), e.get("region")
    if cls or region:
        for u in range(net.n):
            if net.node_of[u] < 0:
                if region == "*":
                    chosen.add(u)
                continue
            if cls and net.node_class[u] == cls:
                chosen.add(u)
            if region and fnmatch.fnmatchcase(net.region[u], region):
                chosen.add(u)
    return sorted(chosen)


def compile_disruption(net, scenario, rng=None):
    """Damage and cut tuples; with rng, outage durations are drawn (lognormal, mean and cv as given)."""
    damages, cuts, restore = [], [], {}
    events = sorted(enumerate(scenario["events"]), key=lambda x: x[1].get("start_h", 0))
    for ev, e in events:
        kind = e["kind"]
        start = e.get("start_h", 0.0)
        sev = e.get("severity", 1.0)
        rec, rec_h = e.get("recovery", "step"), e.get("recovery_h", 0.0)
        dur = e.get("duration_h", 0.0)
        if kind == "it_outage":
            cv = e.get("duration_cv", 0.0)
            if rng is not None and dur > 0 and cv > 0:
                s2 = math.log1p(cv * cv)
                dur = float(rng.lognormal(math.log(dur) - s2 / 2, math.sqrt(s2)))
            for u in select_units(net, e):
                sc = net.repair_scale[u]
                damages.append((u, ev, start, sev, dur * sc, rec, rec_h * sc))
        elif kind == "blackout":
            supplier = net.sector_index[e.get("supplier", "power")]
            for u in select_units(net, e):
                if net.unit_sector[u] == supplier:
                    damages.append((u, ev, start, sev, dur, rec, rec_h))
                else:
                    cuts.append((u, supplier, start, start + dur, sev, rec, rec_h))
        elif kind == "restore":
            for u in select_units(net, e):
                restore[u] = min(restore.get(u, math.inf), start)
        else:
            raise SystemExit(f"cisim_py: event kind {kind} is not implemented here")
    return damages, cuts, restore


# --- the cascade rule -------------------------------------------------------------


class Buffers:
    """Buffer levels in closed form (sim/engines/BufferPhase.hpp): each edge with
    a buffer follows a phase (start level, start step, mode, per-step change),
    replaced only when its per-step change changes. Edges without a buffer are
    always empty."""

    def __init__(self, capacity, refill_h, dt):
        self.capacity = capacity
        self.has = capacity > 0
        self.instant = refill_h == 0  # refill_h 0: full again one step after supply returns
        self.dt = dt
        self.refill_step = np.where(self.instant, np.inf, dt * capacity / np.where(self.instant, 1.0, refill_h))
        self.start_level = capacity.copy()
        self.start_step = np.zeros(len(capacity), dtype=np.int64)
        self.mode = np.full(len(capacity), HOLD, dtype=np.int8)
        self.per_step = np.zeros(len(capacity))

    def level(self, k):
        """Hours held at step k (float64, as the engine evaluates them)."""
        m = (k - self.start_step).astype(np.float64)
        start, a, cap = self.start_level, self.per_step, self.capacity
        out = start.copy()
        d = self.mode == DRAIN
        out[d] = np.maximum(0.0, start[d] - m[d] * a[d])
        r = (self.mode == REFILL) & ~self.instant
        out[r] = np.minimum(cap[r], start[r] + m[r] * a[r])
        r = (self.mode == REFILL) & self.instant
        out[r] = np.where(m[r] > 0, cap[r], start[r])
        out[~self.has] = 0.0
        return out

    def advance(self, k, level, shortfall):
        """After step k (whose level was `level`): drain under shortfall, refill
        at full supply, else hold; a new phase only where the change differs."""
        drain = shortfall > SHORTFALL_EPS
        refill = ~drain & (level < self.capacity)
        mode = np.where(drain, DRAIN, np.where(refill, REFILL, HOLD)).astype(np.int8)
        a = np.where(drain, shortfall * self.dt, np.where(refill, self.refill_step, 0.0))
        new = self.has & ((mode != self.mode) | (a != self.per_step))
        self.start_level[new] = level[new]
        self.start_step[new] = k
        self.mode[new] = mode[new]
        self.per_step[new] = a[new]


class Cascade:
    def __init__(self, net, horizon_h, step_h):
        self.net = net
        self.dt = step_h
        self.steps = int(math.floor(horizon_h / step_h + 1e-9)) + 1
        E = len(net.consumer)
        self.delay_steps = np.array([int(round(d / step_h)) for d in net.delay_h], dtype=np.int64) if E else np.zeros(0, np.int64)
        self.ring = int(self.delay_steps.max()) + 1 if E else 1
        # Per-consumer reductions: ungrouped function edges, and the best member of each group.
        f = net.function
        self.plans = {}
        for effect, mask in (("function", f), ("repair", ~f)):
            plain = np.nonzero(mask & (net.group < 0))[0]
            grouped = np.nonzero(mask & (net.group >= 0))[0]
            if len(grouped):
                key = net.consumer[grouped] * (int(net.group.max()) + 1) + net.group[grouped]
                o = np.argsort(key, kind="stable")
                grouped = grouped[o]
                key = key[o]
                gstart = np.r_[0, np.nonzero(np.diff(key))[0] + 1]
                gcons = net.consumer[grouped[gstart]]
            else:
                gstart, gcons = np.zeros(0, np.int64), np.zeros(0, np.int64)
            self.plans[effect] = (plain, grouped, gstart, gcons)

    def segments_max(self, values, consumers, out, combine):
        """out[c] = combine over values of consumer c (consumers sorted)."""
        if len(values) == 0:
            return
        starts = np.r_[0, np.nonzero(np.diff(consumers))[0] + 1]
        red = combine.reduceat(values, starts)
        cons = consumers[starts]
        if combine is np.multiply:
            out[cons] *= red
        else:
            out[cons] = np.maximum(out[cons], red)

    def evaluate(self, effect, loss):
        """1 − worst loss (min rule) or Π(1 − loss) (product rule) per unit."""
        net = self.net
        plain, grouped, gstart, gcons = self.plans[effect]
        n = net.n
        worst = np.zeros(n)
        keep = np.ones(n)
        self.segments_max(loss[plain], net.consumer[plain], worst, np.maximum)
        self.segments_max(1.0 - loss[plain], net.consumer[plain], keep, np.multiply)
        if len(grouped):
            best = np.minimum.reduceat(loss[grouped], gstart)
            self.segments_max(best, gcons, worst, np.maximum)
            self.segments_max(1.0 - best, gcons, keep, np.multiply)
        return np.where(net.product, keep, 1.0 - worst)

    def run(self, damages, cuts, restore):
        net, dt = self.net, self.dt
        n, S, E = net.n, net.S, len(net.consumer)
        restore_at = np.full(n, np.inf)
        for u, t in restore.items():
            restore_at[u] = t
        col_of = lambda rows, i, dt: np.array([r[i] for r in rows], dtype=dt) if rows else np.zeros(0, dt)
        d_unit, d_start, d_sev = col_of(damages, 0, np.int64), col_of(damages, 2, float), col_of(damages, 3, float)
        d_hold, d_kind, d_rec = col_of(damages, 4, float), np.array([KINDS[d[5]] for d in damages], dtype=np.int64), col_of(damages, 6, float)
        progress = np.zeros(len(damages))
        c_unit, c_sup, c_start, c_end = col_of(cuts, 0, np.int64), col_of(cuts, 1, np.int64), col_of(cuts, 2, float), col_of(cuts, 3, float)
        c_share, c_kind, c_rec = col_of(cuts, 4, float), np.array([KINDS[c[5]] for c in cuts], dtype=np.int64), col_of(cuts, 6, float)
        # Cut caps apply to the edges of a cut unit from the cut's supplier sector.
        sup_sector = np.where(net.is_sector, net.supplier, net.unit_sector[net.supplier]) if E else np.zeros(0, np.int64)
        offsets = np.searchsorted(net.consumer, np.arange(n + 1))
        cut_edge, cut_idx = [], []
        for i in range(len(cuts)):
            es = np.arange(offsets[c_unit[i]], offsets[c_unit[i] + 1])
            es = es[sup_sector[es] == c_sup[i]]
            cut_edge.append(es)
            cut_idx.append(np.full(len(es), i))
        cut_edge = np.concatenate(cut_edge) if cut_edge else np.zeros(0, np.int64)
        cut_idx = np.concatenate(cut_idx) if cut_idx else np.zeros(0, np.int64)
        buffers = Buffers(net.buffer_h, net.refill_h, dt)
        sup_sec = np.where(net.is_sector, net.supplier, 0)
        sup_unit = np.where(net.is_sector, 0, net.supplier)
        ring = np.ones((self.ring, n + S), dtype=np.float32)
        col = np.where(net.is_sector, n + net.supplier, net.supplier) if E else np.zeros(0, np.int64)
        curves = np.ones((self.steps, S), dtype=np.float32)
        damage = np.zeros(n)
        for k in range(self.steps):
            t = k * dt
            level = buffers.level(k)
            empty = level <= BUFFER_EPS
            damage[:] = 0
            if len(d_unit):
                live = ~((t + 1e-9 < d_start) | ((t >= restore_at[d_unit]) & (d_start <= restore_at[d_unit])))
                v = d_sev * recovery_remaining_v(d_kind, d_rec, progress - d_hold)
                np.maximum.at(damage, d_unit[live], v[live])
            restored = (t >= restore_at[c_unit]) & (c_start <= restore_at[c_unit])
            cut = np.where(t < c_start, 0.0, c_share * recovery_remaining_v(c_kind, c_rec, t - c_end))
            caps = np.where(restored, 2.0, 1.0 - cut)
            delayed = np.ones(E)
            for d in np.unique(self.delay_steps):
                if d == 0 or d > k:
                    continue
                sel = self.delay_steps == d
                delayed[sel] = ring[(k - d) % self.ring, col[sel]]

            def supply(op, agg):
                v = np.where(self.delay_steps == 0, np.where(net.is_sector, agg[sup_sec], op[sup_unit]), delayed)
                if len(cut_edge):
                    np.minimum.at(v, cut_edge, caps[cut_idx])
                return v

            def losses(op, agg, empty):
                short = 1.0 - supply(op, agg)
                return np.where(empty, np.where(short > 0, net.strength * short, 0.0), 0.0)

            def aggregate(op):
                return np.clip(np.bincount(net.unit_sector, weights=net.weight * op, minlength=S), 0.0, 1.0)

            op = np.ones(n)
            cut_off = np.zeros(n, dtype=bool)
            agg = aggregate(op)
            while True:
                for _ in range(MAX_SWEEPS):
                    nxt = np.clip((1.0 - damage) * self.evaluate("function", losses(op, agg, empty)), 0.0, 1.0)
                    nxt[cut_off] = 0.0
                    change = np.max(np.abs(nxt - op)) if n else 0.0
                    op = nxt
                    agg = aggregate(op)
                    if change <= CONVERGE_EPS:
                        break
                dropped = False
                for mode, units, adj, source in net.networks:
                    present = ~cut_off[units]
                    working = present & (op[units] >= WORKING)
                    fed = self.fed(mode, adj, source, present, working)
                    drop = units[present & ~fed]
                    if len(drop):
                        cut_off[drop] = True
                        op[drop] = 0.0
                        dropped = True
                if not dropped:
                    break
                agg = aggregate(op)
            curves[k] = agg.astype(np.float32)
            ring[k % self.ring, :n] = op.astype(np.float32)
            ring[k % self.ring, n:] = agg.astype(np.float32)
            # Buffers drain under shortfall and refill at full supply; repairs
            # progress, judged with the buffers of the next step (as the engine).
            buffers.advance(k, level, 1.0 - supply(op, agg))
            if len(damages):
                rate = self.evaluate("repair", losses(op, agg, buffers.level(k + 1) <= BUFFER_EPS))
                started = t + 1e-9 >= d_start
                progress[started] += dt * rate[d_unit[started]]
        return curves

    @staticmethod
    def fed(mode, adj, source, present, working):
        """The connectivity rule of sim/engines/Connectivity.hpp, with connected components."""
        m = len(present)
        w = np.nonzero(working)[0]
        sub = adj[w][:, w]
        count, labels = csgraph.connected_components(sub, directed=False)
        relay = np.zeros(m, dtype=bool)
        if mode == "giant":
            if len(w):
                sizes = np.bincount(labels, minlength=count)
                best = np.flatnonzero(sizes == sizes.max())
                # ties: the component holding the lowest index (labels follow index order of w)
                first = {lab: w[np.argmax(labels == lab)] for lab in best}
                giant = min(best, key=lambda lab: first[lab])
                relay[w[labels == giant]] = True
            fed = relay.copy()
        else:
            live = np.unique(labels[source[w]]) if len(w) else np.zeros(0, np.int64)
            relay[w[np.isin(labels, live)]] = True
            fed = relay | (source & present)
        fed |= (adj @ relay.astype(np.float64) > 0) & present
        return fed


def write_curves(path, model, times, curves):
    with open(path, "w") as out:
        out.write("t_h,id,operability\n")
        for k, t in enumerate(times):
            for s, sec in enumerate(model["sectors"]):
                out.write(f"{t:g},{sec['id']},{curves[k, s]:.9g}\n")


def cmd_cascade(a):
    t0 = time.perf_counter()
    model = json.load(open(a.model))
    scenario = json.load(open(a.scenario))
    net = Net(model)
    dis = compile_disruption(net, scenario)
    sim = Cascade(net, scenario.get("horizon_h", 168), scenario.get("step_h", 1))
    t1 = time.perf_counter()
    curves = sim.run(*dis)
    t2 = time.perf_counter()
    if a.curves:
        write_curves(a.curves, model, [k * sim.dt for k in range(sim.steps)], curves)
    print(json.dumps({"workload": "cascade", "units": net.n, "edges": len(net.consumer), "load_s": round(t1 - t0, 3),
                      "engine_s": round(t2 - t1, 3)}))


def cmd_mc(a):
    t0 = time.perf_counter()
    model = json.load(open(a.model))
    scenario = json.load(open(a.scenario))
    net = Net(model)
    sim = Cascade(net, scenario.get("horizon_h", 168), scenario.get("step_h", 1))
    rng = np.random.default_rng(a.seed)
    total = np.zeros((sim.steps, net.S))
    t1 = time.perf_counter()
    for _ in range(a.samples):
        total += sim.run(*compile_disruption(net, scenario, rng))
    t2 = time.perf_counter()
    mean = total / a.samples
    if a.bands:
        with open(a.bands, "w") as out:
            out.write("t_h,id,mean\n")
            for k in range(sim.steps):
                for s, sec in enumerate(model["sectors"]):
                    out.write(f"{k * sim.dt:g},{sec['id']},{mean[k, s]:.9g}\n")
    print(json.dumps({"workload": "mc", "samples": a.samples, "load_s": round(t1 - t0, 3), "seconds": round(t2 - t1, 3),
                      "samples_per_s": round(a.samples / (t2 - t1), 1)}))


def cmd_iim(a):
    """q = (I − A*)⁻¹ c* with A*ᵢⱼ = strength of j → i (sector-level models), by its Neumann series."""
    t0 = time.perf_counter()
    model = json.load(open(a.model))
    tb = time.perf_counter()
    ids = [s["id"] for s in model["sectors"]]
    index = {s: i for i, s in enumerate(ids)}
    rows, cols, vals = [], [], []
    for d in model.get("dependencies", []):
        if d.get("effect", "function") == "function":
            rows.append(index[d["to"]])
            cols.append(index[d["from"]])
            vals.append(d.get("strength", 1.0))
    n = len(ids)
    A = sp.csr_matrix((vals, (rows, cols)), shape=(n, n))  # duplicates sum, as strengths do
    c = np.zeros(n)
    for s in a.shock:
        k, v = s.split("=")
        c[index[k]] += float(v)
    c = np.minimum(c, 1.0)
    t1 = time.perf_counter()
    # Direct sparse LU (spsolve) fills in badly on random sparse systems; the
    # Neumann series q = c + A q converges since the spectral radius is below 1.
    q = c.copy()
    for _ in range(100000):
        nxt = c + A @ q
        done = np.max(np.abs(nxt - q)) <= 1e-15
        q = nxt
        if done:
            break
    t2 = time.perf_counter()
    if q.max() > 1:
        print("cisim_py: saturation (q > 1) is not handled here", file=sys.stderr)
    if a.q:
        with open(a.q, "w") as out:
            out.write("id,q\n")
            for i, v in zip(ids, q):
                out.write(f"{i},{v:.17g}\n")
    print(json.dumps({"workload": "iim", "sectors": n, "load_s": round(t1 - t0, 3), "build_s": round(t1 - tb, 4),
                      "solve_s": round(t2 - t1, 4)}))


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = p.add_subparsers(dest="what", required=True)
    c = sub.add_parser("cascade")
    c.add_argument("model")
    c.add_argument("scenario")
    c.add_argument("--curves")
    m = sub.add_parser("mc")
    m.add_argument("model")
    m.add_argument("scenario")
    m.add_argument("--samples", type=int, default=200)
    m.add_argument("--seed", type=int, default=1)
    m.add_argument("--bands")
    i = sub.add_parser("iim")
    i.add_argument("model")
    i.add_argument("--shock", action="append", default=[])
    i.add_argument("--q")
    a = p.parse_args()
    {"cascade": cmd_cascade, "mc": cmd_mc, "iim": cmd_iim}[a.what](a)


if __name__ == "__main__":
    main()
