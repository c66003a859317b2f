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

Parameters given by year take the scenario's "as_of" vintage (the latest
without one; sim/model/Model.cpp at_vintage), spreads their mean. Populations
(sim/engines/Populations.hpp: sector-level units, nodes with facilities > 1)
whose dependencies have spreads (or whose repair_scale is spread) become 16
classes of weight 0, each reading its population's suppliers at its quantile
(index from the same splitmix64 orders), the population the mean of its
classes; a population's buffers drain at the full rate under any shortfall.
Not here: rotation groups (rolling_blackout), uncertain parameters.
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


# --- spreads, vintages and populations (sim/model/Model.cpp, sim/io/ModelJson.cpp,
# sim/engines/Populations.cpp) --------------------------------------------------------

CLASSES = 16  # population_classes
MASK = (1 << 64) - 1


def spread_knots(o):
    """A spread's quantile function as knots (p, v): uniform, quantiles, or a
    mixture whose parts are laid end to end over the population."""
    kind = o["spread"]
    if kind == "uniform":
        return [0.0, 1.0], [float(o["min"]), float(o["max"])]
    if kind == "quantiles":
        vals = [float(x) for x in o["values"]]
        if len(vals) == 1:
            return [0.0, 1.0], vals * 2
        return [i / (len(vals) - 1) for i in range(len(vals))], vals
    p, v, at = [], [], 0.0
    for share, value in o["parts"]:
        if isinstance(value, (int, float)):
            p += [at, at + share]
            v += [float(value), float(value)]
        else:
            ip, iv = spread_knots(value)
            p += [at + share * x for x in ip]
            v += iv
        at += share
    return p, v


def spread_at(knots, q):
    """The value at population quantile q (Spread::at)."""
    p, v = knots
    for i in range(len(p) - 1):
        if q > p[i + 1] or p[i + 1] <= p[i]:
            continue
        return v[i] + (v[i + 1] - v[i]) * (q - p[i]) / (p[i + 1] - p[i])
    return v[-1] if v else 0.0


def spread_mean(knots):
    p, v = knots
    return sum((p[i + 1] - p[i]) * (v[i] + v[i + 1]) / 2 for i in range(len(p) - 1))


def parameter(x, year, where):
    """(scalar, spread knots or None) of a parameter given as a number, a spread
    or by year: the entry in force as of `year` (the scenario's as_of), else the
    latest; a spread's scalar is its mean (at_vintage)."""
    if isinstance(x, dict) and "by_year" in x:
        entries = x["by_year"]
        chosen = entries[-1]
        if year is not None:
            ok = [e for e in entries if e["from"] <= year]
            if not ok:
                raise SystemExit(f"cisim_py: {where}: no value applies as of {year}")
            chosen = ok[-1]
        x = chosen["value"]
    if isinstance(x, dict):
        if "spread" not in x:
            raise SystemExit(f"cisim_py: {where}: only numbers, spreads and by_year are implemented here")
        knots = spread_knots(x)
        return spread_mean(knots), knots
    return float(x), None


def splitmix64(x):
    x = (x + 0x9E3779B97F4A7C15) & MASK
    x = ((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9) & MASK
    x = ((x ^ (x >> 27)) * 0x94D049BB133111EB) & MASK
    return x ^ (x >> 31)


def order_of(m, dependency, param):
    """The fixed pseudo-random order of 0..m-1 for (dependency, parameter)."""
    order = list(range(m))
    state = splitmix64(((dependency << 8) ^ param ^ 0x5EED) & MASK)
    for i in range(m, 1, -1):
        state = splitmix64(state)
        j = state % i
        order[i - 1], order[j] = order[j], order[i - 1]
    return order


# --- model --------------------------------------------------------------------


class Net:
    """Units (assets, then one per sector without assets, then the classes of
    split populations) and incoming edges."""

    def __init__(self, model, year=None):
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
        n = len(ids)
        self.base_n, self.S = n, S
        self.ids = ids
        self.unit_index = {u: i for i, u in enumerate(ids)}
        w = np.array(weight, dtype=np.float64)
        for s in range(S):
            idx = np.array(by_sector[s])
            total = w[idx].sum()
            w[idx] = w[idx] / total if total > 0 else 1.0 / len(idx)
        self.by_sector = by_sector
        self.sector_has_nodes = [node_of[by_sector[s][0]] >= 0 for s in range(S)]
        # A sector-level unit, or a node standing for many facilities, is a population.
        self.population = [node_of[u] < 0 or nodes[node_of[u]].get("facilities", 1) > 1 for u in range(n)]
        classes = model.get("combination", {})
        rule = [1 if node_of[u] >= 0 and classes.get(nodes[node_of[u]].get("class"), "min") == "product" else 0
                for u in range(n)]
        self.node_class = [nodes[i].get("class", "") if i >= 0 else "" for i in node_of]
        self.region = [nodes[i].get("region", "") if i >= 0 else None for i in node_of]
        # repair_scale: sector × node (means of spreads); a population's own spread
        # (a node's, or a sector-level unit's sector's) repairs each class at its quantile.
        sec_scale = [parameter(s.get("repair_scale", 1.0), None, f"/sectors/{i}/repair_scale") for i, s in enumerate(sectors)]
        node_scale = [parameter(x.get("repair_scale", 1.0), None, f"/nodes/{i}/repair_scale") for i, x in enumerate(nodes)]
        self.repair_scale = np.array([sec_scale[unit_sector[u]][0] * (node_scale[node_of[u]][0] if node_of[u] >= 0 else 1.0)
                                      for u in range(n)])
        self.repair_spread = [node_scale[node_of[u]][1] if node_of[u] >= 0 else sec_scale[unit_sector[u]][1]
                              for u in range(n)]
        edges = self._base_edges(model, year)
        edges = self._split(edges, unit_sector, w, node_of, rule)
        self._arrays(edges)
        self._links(model)

    def _base_edges(self, model, year):
        """One record per (dependency, consumer unit), sorted by consumer (stably)."""
        edges = []
        for d, dep in enumerate(model.get("dependencies", [])):
            frm, to = dep["from"], dep["to"]
            if frm in self.unit_index and frm not in self.sector_index:
                supplier, sec = self.unit_index[frm], False
            else:
                s = self.sector_index[frm]
                if self.sector_has_nodes[s]:
                    supplier, sec = s, True
                else:
                    supplier, sec = self.by_sector[s][0], False
            consumers = self.by_sector[self.sector_index[to]] if to in self.sector_index else [self.unit_index[to]]
            where = f"/dependencies/{d}"
            strength = parameter(dep.get("strength", 1.0), year, where + "/strength")
            buf = parameter(dep.get("buffer_h", 0.0), year, where + "/buffer_h")
            refill = parameter(dep["refill_h"], year, where + "/refill_h") if "refill_h" in dep else None
            delay = parameter(dep.get("delay_h", 0.0), year, where + "/delay_h")
            for c in consumers:
                edges.append(dict(cons=c, sup=supplier, is_sec=sec, dep=d, strength=f32(strength[0]), buf=f32(buf[0]),
                                  refill=f32(refill[0] if refill else buf[0]), delay=f32(delay[0]),
                                  group=dep.get("group", ""), func=dep.get("effect", "function") != "repair",
                                  full_rate=self.population[c],
                                  spreads=(strength[1], buf[1], refill[1] if refill else None, delay[1]),
                                  has_refill=refill is not None))
        edges.sort(key=lambda e: e["cons"])
        return edges

    def _split(self, edges, unit_sector, weight, node_of, rule):
        """Populations with spread parameters become K classes (split_populations,
        rotation groups aside): the unit reads its classes (strength 1, mean), each
        class reads the unit's suppliers at its quantile of every spread parameter."""
        n = self.base_n
        by_cons = [[] for _ in range(n)]
        for e in edges:
            by_cons[e["cons"]].append(e)
        first = [-1] * n
        self.class_base = []
        nxt = n
        for u in range(n):
            if self.population[u] and (self.repair_spread[u] is not None or
                                       any(any(x is not None for x in e["spreads"]) for e in by_cons[u])):
                first[u] = nxt
                nxt += CLASSES
                self.class_base += [u] * CLASSES
        self.first = first
        self.n = nxt
        self.unit_sector = np.array(unit_sector + [unit_sector[u] for u in self.class_base], dtype=np.int64)
        self.weight = np.r_[weight, np.zeros(len(self.class_base))]
        self.node_of = np.array(node_of + [node_of[u] for u in self.class_base], dtype=np.int64)
        self.rule = np.array([2 if first[u] >= 0 else rule[u] for u in range(n)] + [rule[u] for u in self.class_base],
                             dtype=np.int8)
        out = []
        for u in range(n):
            if first[u] < 0:
                out += by_cons[u]
                continue
            for k in range(CLASSES):
                out.append(dict(cons=u, sup=first[u] + k, is_sec=False, dep=0, strength=1.0, buf=0.0, refill=0.0,
                                delay=0.0, group="", func=True, full_rate=False))
        for c in range(n, nxt):
            u = self.class_base[c - n]
            k = c - first[u]  # one rotation group: the quantile index is the order's entry
            for e in by_cons[u]:
                def value(spread, param, plain):
                    if spread is None:
                        return plain
                    return f32(spread_at(spread, (order_of(CLASSES, e["dep"], param)[k] + 0.5) / CLASSES))
                x = dict(e, cons=c)
                sp = e["spreads"]
                x["strength"] = value(sp[0], 0, e["strength"])
                x["buf"] = value(sp[1], 1, e["buf"])
                x["refill"] = value(sp[2], 2, e["refill"]) if e["has_refill"] else x["buf"]
                x["delay"] = value(sp[3], 3, e["delay"])
                out.append(x)
        return out

    def split_disruption(self, damages, cuts, restore):
        """Damage and restores reach every class of a split population, each
        class repairing at its quantile of a repair spread; cuts reach every class."""
        n = self.base_n
        d2, c2, r2 = [], [], dict(restore)
        for dmg in damages:
            u = dmg[0]
            if self.first[u] < 0:
                d2.append(dmg)
                continue
            rs = self.repair_spread[u]
            mean = spread_mean(rs) if rs is not None else 1.0
            order = order_of(CLASSES, u ^ 0x40000000, 4) if rs is not None else None
            for k in range(CLASSES):
                x = list(dmg)
                x[0] = self.first[u] + k
                if rs is not None and mean > 0:
                    factor = spread_at(rs, (order[k] + 0.5) / CLASSES) / mean
                    x[4] *= factor
                    x[6] *= factor
                d2.append(tuple(x))
        for cut in cuts:
            u = cut[0]
            if self.first[u] < 0:
                c2.append(cut)
                continue
            c2 += [(self.first[u] + k,) + tuple(cut[1:]) for k in range(CLASSES)]
        for u, t in restore.items():
            if u < n and self.first[u] >= 0:
                for k in range(CLASSES):
                    r2[self.first[u] + k] = t
        return d2, c2, r2

    def _arrays(self, edges):
        take = lambda key, dt: np.array([e[key] for e in edges], dtype=dt) if edges else np.zeros(0, dtype=dt)
        self.consumer = take("cons", np.int64)
        self.supplier = take("sup", np.int64)
        self.is_sector = take("is_sec", bool)
        self.strength = take("strength", np.float64)
        self.buffer_h = take("buf", np.float64)
        self.refill_h = take("refill", np.float64)
        self.delay_h = take("delay", np.float64)
        self.function = take("func", bool)
        self.full_rate = take("full_rate", bool)
        group = np.full(len(edges), -1, dtype=np.int64)
        seen, current = {}, -1
        for i, e in enumerate(edges):
            if e["cons"] != current:  # group numbers are local to a consumer, by first appearance
                seen, current = {}, e["cons"]
            if e["group"]:
                group[i] = seen.setdefault(e["group"], len(seen))
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
        for u in range(net.base_n):
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
    """Damage and cut tuples (populations split into classes); with rng, outage
    durations are drawn (lognormal, median and cv as given: the scenario's value is
    the median, as in sim/hazards/ScenarioHazards.cpp draw_lognormal)."""
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
                dur = float(rng.lognormal(math.log(dur), math.sqrt(s2)))
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
    return net.split_disruption(damages, cuts, restore)


# --- the cascade rule -------------------------------------------------------------


class Buffers:
    """Buffer levels in closed form (sim/engines/BufferPhase.hpp): each edge with
    a buffer follows a phase (start level, start step, mode, per-step change),
    replaced only when its per-step change changes. Edges without a buffer are
    always empty."""

    def __init__(self, capacity, refill_h, full_rate, dt):
        self.capacity = capacity
        self.full_rate = full_rate  # a population's edge: a shortfall s cuts s of it, which drains at the full rate
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
        a = np.where(drain, np.where(self.full_rate, self.dt, shortfall * self.dt), np.where(refill, self.refill_step, 0.0))
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
        """1 − worst loss (min rule), Π(1 − loss) (product rule) or 1 − mean loss
        (mean rule: a population of classes) per unit."""
        net = self.net
        plain, grouped, gstart, gcons = self.plans[effect]
        n = net.n
        worst = np.zeros(n)
        keep = np.ones(n)
        self.segments_max(loss[plain], net.consumer[plain], worst, np.maximum)
        self.segments_max(1.0 - loss[plain], net.consumer[plain], keep, np.multiply)
        total = np.bincount(net.consumer[plain], weights=loss[plain], minlength=n)
        count = np.bincount(net.consumer[plain], minlength=n).astype(np.float64)
        if len(grouped):
            best = np.minimum.reduceat(loss[grouped], gstart)
            self.segments_max(best, gcons, worst, np.maximum)
            self.segments_max(1.0 - best, gcons, keep, np.multiply)
            total += np.bincount(gcons, weights=best, minlength=n)
            count += np.bincount(gcons, minlength=n)
        mean = np.where(count > 0, 1.0 - total / np.maximum(count, 1.0), 1.0)
        return np.where(net.rule == 1, keep, np.where(net.rule == 2, mean, 1.0 - worst))

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
        buffers = Buffers(net.buffer_h, net.refill_h, net.full_rate, dt)
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
    net = Net(model, scenario.get("as_of"))
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
    net = Net(model, scenario.get("as_of"))
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
