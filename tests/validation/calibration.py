#!/usr/bin/python3
"""One set of backup-power dependency parameters, derived from engineering data.

Every shipped model takes its backup-power dependencies (power -> base stations,
telephone buildings, water, hospitals, ...) from the table PARAMETERS below, so the
three validation events (docs/validation.md) run on one parameter set and differ
only in their event inputs and the vintage (`as_of`). Each value carries its
source address (japan-reference.md / japan-reference-2.md) or is marked
"assumption: ..." with its reason. None is read off an event's outage curve.

  calibration.py --write   rewrite the matching dependencies of models/*.json
  calibration.py --check   fail if a model's dependency differs from the table

Usage: calibration.py (--write | --check) [--root DIR]
"""
import argparse
import json
import sys
from pathlib import Path

R1 = "/work/shared/data/japan-reference.md"
R2 = "/work/shared/data/japan-reference-2.md"


def uniform(lo, hi):
    return {"spread": "uniform", "min": lo, "max": hi}


def mixture(*parts):
    return {"spread": "mixture", "parts": [[share, value] for share, value in parts]}


# --- mobile base stations --------------------------------------------------------
BASE_STATION = {
    "strength": 1.0,
    "buffer_h": {"by_year": [
        {"from": 2011, "value": uniform(1, 3),
         "source": "itpro.nikkeibp.co.jp/article/NEWS/20110330/358932/ ; b.hatena.ne.jp/rgfx/%E9%9B%BB%E5%8A%9B/docomo (NHK relay): ordinary station battery 1-3 h, Docomo ~3 h (2011)"},
        {"from": 2018, "value": uniform(3, 24),
         "source": "businessinsider.jp/post-174694 ; 24wireless.info/basestation-power-supply: ordinary stations 'several hours to ~24 h' (2018); KDDI ~2,000 and SoftBank ~2,000 important sites at >=24 h (2016) lie at the top of the range"},
        {"from": 2020, "value": mixture((0.9, uniform(3, 24)), (0.1, uniform(24, 72))),
         "source": "shimajiro-mobiler.net/2020/01/27/post65159 (MIC rule 2020-01: stations covering pref./municipal offices >=24 h mandatory, 72 h effort) ; www.risktaisaku.com/articles/-/87043 ('most ~24 h', 2024)"},
    ]},
    "refill_h": 10,
    "source": "see buffer_h by_year sources",
    "note": "strength 1.0: a station without power does not transmit (the members of the population that run flat are fully down; carriers' power vans are response, not backup, and not modelled). 2020 entry, assumption: 10 % of stations fall under the MIC rule (24-72 h) - the rule covers the stations serving ~1,800 municipal offices and the carriers' ~2,000-site programmes each, and the national station count is not in the reference files. refill_h 10, assumption: a lead-acid recharge.",
}

# --- telephone exchanges (ordinary buildings; core buildings below) ---------------
TELECOM_BUILDING = {
    "strength": 1.0,
    "buffer_h": {"by_year": [
        {"from": 2003, "value": 10,
         "source": "itpro.nikkeibp.co.jp/free/NCC/NEWS/20030722/4/ (NTT East 2003 check: service assured for ~10 h of outage, UPS + generator)"},
        {"from": 2012, "value": uniform(3, 24),
         "source": "sendai-podcast.jp (relay, ~2012, date uncertain): NTT East ordinary buildings' in-building fuel lasts 'a few hours to about one day'"},
    ]},
    "source": "see buffer_h by_year sources",
    "note": "strength 1.0: a building without power drops its lines. The 2012 entry's lower end (3 h) reads 'a few hours'; assumption.",
}
TELECOM_CORE = {
    "strength": 1.0,
    "buffer_h": {"by_year": [
        {"from": 2003, "value": 24,
         "source": "itpro.nikkeibp.co.jp/free/NCC/NEWS/20030725/4/ (KDDI 2003: main sites' full tank ~24 h; 48 h for key sites via priority fuel contracts)"},
        {"from": 2018, "value": 72,
         "source": "www.risktaisaku.com/articles/-/12904 (NTT Kasumigaseki 2018: battery 3 h, generator in 1-2 min, 72 h of diesel)"},
    ]},
    "source": "see buffer_h by_year sources",
    "note": "core buildings and mobile cores (single facilities).",
}

# --- water supply ------------------------------------------------------------------
WATER = {
    "strength": mixture((0.44, 0.0), (0.56, 1.0)),
    "buffer_h": mixture((0.72, uniform(8, 12)), (0.28, uniform(24, 72))),
    "source": "www.ehime-np.co.jp/article/news201910050138 (Ehime, MHLW 2018: 168 of 380 key facilities gravity-fed = 44 %) ; www.waterpartners.jp/1_engineer/06_supply/raccoon_supply_tankvolume.htm (reservoirs 8-12 h of daily maximum) ; www.chibanippo.co.jp/news/politics/632402 (Chiba: 349 of 910 power-using facilities with generators) ; www.sankei.com/region/news/181206/rgn1812060041-n1.html (Shizuoka: 188 of 372 without emergency power) ; voiceofnara.jp/20240110-news1049.html (Nara: 246 of 281 pump facilities without) ; makunouchibento.com/archives/6573 (plant generators last 'a few days')",
    "note": "strength: 44 % of supply is gravity-fed and does not depend on power (Ehime is the only split found; the national share is not in the reference files: assumption that Ehime is typical). buffer_h over the pumped 56 %: 28 % of pumped sites have generators - the unweighted mean of the four prefecture figures (Ehime 27/212 = 13 %, Chiba 349/910 = 38 %, Shizuoka 184/372 = 49 %, Nara 35/281 = 12 %) - with 24-72 h of fuel ('a few days'; Shizuoka: 101 of 184 with less than 3 days; the lower end, 24 h, is an assumption); the other 72 % ride on their distribution reservoirs, 8-12 h. The Chiba inventory was published after the 2019 typhoon (docs/validation.md lists it as an input informed by that event's region).",
}

WATER_PLANT = {  # a population of treatment plants (a prefecture's plants as one node)
    "strength": 0.9,
    "buffer_h": mixture((0.5, 0), (0.5, uniform(24, 72))),
    "source": "voiceofnara.jp/20240110-news1049.html (Nara 2024: 4 of 8 main plants without generators) ; makunouchibento.com/archives/6573 (plant generators last 'a few days')",
    "note": "half of the plants stop at once without power (Nara is the only plant figure in the reference files: assumption that it is typical), the other half run 24-72 h on generators ('a few days'; 24 h lower end assumption). Treated water then rides on the distribution reservoirs (water_treatment -> water_distribution). strength 0.9 assumption.",
}
WATER_PLANT_SINGLE = {  # one large named plant
    "strength": 0.9,
    "buffer_h": 48,
    "source": "makunouchibento.com/archives/6573 (plant generators last 'a few days')",
    "note": "assumption: Tokyo's large named plants have generators; 48 h, the middle of 'a few days' (24-72 h).",
}
RESERVOIRS = {  # treated water -> distribution: the distribution reservoirs carry the area
    "strength": 1.0,
    "buffer_h": uniform(8, 12),
    "source": "www.waterpartners.jp/1_engineer/06_supply/raccoon_supply_tankvolume.htm (reservoirs sized 8-12 h of the planned daily maximum) ; Tokyo's target 12 h (expydoc.com/doc/7698357, the top of the range)",
    "note": "strength 1.0: gravity-fed districts need treated water too.",
}

# --- hospitals -------------------------------------------------------------------
HOSPITALS = {  # a population of hospitals of all kinds in an area
    "strength": 0.9,
    "buffer_h": mixture((0.07, 0), (0.15, uniform(24, 72)), (0.78, 72)),
    "source": "www.bestpt-sr.com/medical_news_5927.html ; gemmed.ghc-j.com/?p=27789 (2018: 92.9 % of 8,392 hospitals with emergency power per the Electricity Act) ; jmedj.co.jp/journal/paper/detail.php?id=11359 (2018: 15.7 % of base hospitals < 3 days of fuel) ; wic-net.com/material/document/16577/58 (rule: ~3 days at ~60 % load)",
    "note": "7 % without emergency power (buffer 0); of the rest, ~16 % hold less than 3 days (spread 24-72 h; the 24 h lower end is the Chiba base hospital with 1 day in 2019, sankei afr2009070030), the others 72 h. Assumption: non-base hospitals hold fuel like base hospitals (no figure for them). strength 0.9, assumption: the generator carries ~60 % of load and life-critical care, elective and outpatient care stop.",
}
HOSPITAL_BASE = {  # one disaster base hospital (single facility)
    "strength": 0.9,
    "buffer_h": 72,
    "source": "wic-net.com/material/document/16577/58 (disaster base hospital rule: generator at ~60 % load, ~3 days of fuel)",
    "note": "strength 0.9 assumption (generator carries ~60 % of load). The ~15 % of base hospitals with less than 3 days (jmedj 11359) are represented in tokyo.json by three hospitals at 24 h (HOSPITAL_BASE_SHORT).",
}
HOSPITAL_BASE_SHORT = {
    "strength": 0.9,
    "buffer_h": 24,
    "source": "jmedj.co.jp/journal/paper/detail.php?id=11359 (2018: 15.7 % of base hospitals < 3 days of fuel) ; www.sankei.com/affairs/news/200907/afr2009070030-n1.html (a base hospital with 1 day of fuel, 2019)",
    "note": "3 of Tokyo's 18 base hospitals (~15 %) at 1 day; which three is an assumption.",
}
HOSPITAL_WATER = {
    "strength": 0.6,
    "buffer_h": mixture((0.25, uniform(12, 72)), (0.75, 72)),
    "source": "jmedj.co.jp/journal/paper/detail.php?id=11359 (2018: 547 of 810 base hospitals with tanks < 3 days of water, 204 of them without groundwater = 25 %) ; www.nishinippon.co.jp/item/o/474552/ (179 of 736, 24 %)",
    "note": "25 % hold less than 3 days and have no well (spread 12-72 h, lower end assumption); the rest ride 3 days or more on tanks or groundwater. strength 0.6, assumption: dialysis, sterilisation and surgery stop, wards continue on rationed water (Ushitsu 2024: 300 L/day against 30 t).",
}
HOSPITAL_WATER_SINGLE = {
    "strength": 0.6,
    "buffer_h": 72,
    "source": "jmedj.co.jp/journal/paper/detail.php?id=11359 (75 % of base hospitals hold >= 3 days of water or have a well)",
    "note": "single disaster base hospital at the majority value; strength 0.6 assumption as for HOSPITAL_WATER.",
}

# --- other sectors (sector-level model) -------------------------------------------
SIGNALS = {
    "strength": 0.6,
    "buffer_h": {"by_year": [
        {"from": 2011, "value": mixture((0.96, 0), (0.04, uniform(2, 24))),
         "source": "www21.atpages.jp/key2/ (2011: 4 % of Tokyo's signals with generators)"},
        {"from": 2018, "value": mixture((0.954, 0), (0.046, uniform(2, 24))),
         "source": "this.kiji.is/423949302331819105 (FY2017 end: 9,614 units = 4.6 % of signals) ; kachimai.jp/article/index.php?no=440250mobi (lithium battery 2-8 h, generator 24 h)"},
    ]},
    "source": "see buffer_h by_year sources",
    "note": "power -> logistics through traffic signals: signals without backup go dark at once. strength 0.6, assumption: road transport slows rather than stops.",
}
FILLING_STATIONS = {
    "strength": 0.7,
    "buffer_h": {"by_year": [
        {"from": 2011, "value": 0, "source": "assumption: the 住民拠点SS generator programme post-dates 2011; no count before 2020 in the reference files"},
        {"from": 2020, "value": mixture((0.71, 0), (0.29, 72)),
         "source": "www.energy-planner.jp/contents/know/quiz/quiz01kaseki-002-crude009.html (2020-12-01: 8,617 SS with generators, 29 %)"},
        {"from": 2024, "value": mixture((0.52, 0), (0.48, 72)),
         "source": "www.enecho.meti.go.jp/category/resources_and_fuel/distribution/juminkyotenss/ (2024-08-31: 14,318 of ~30,000 SS, 48 %)"},
    ]},
    "source": "see buffer_h by_year sources",
    "note": "power -> petroleum (filling stations cannot pump without power). 72 h on generator, assumption: stations run from their own tanks for days. strength 0.7 assumption (refineries generate their own).",
}
GOVERNMENT = {
    "strength": 0.7,
    "buffer_h": mixture((0.083, 0), (0.524, uniform(12, 72)), (0.393, 72)),
    "source": "www.bilshinbun.com/news/2018%E5%B9%B4%E9%9D%9E%E5%B8%B8%E7%94%A8%E9%9B%BB%E6%BA%90%E8%A8%AD%E7%BD%AE%E7%8A%B6%E6%B3%81144%E5%B8%82%E7%94%BA%E6%9D%91%E3%81%AF%E6%9C%AA%E8%A8%AD%E7%BD%AE/ (2018-06: municipal HQs 91.7 % with emergency power, 39.3 % for >= 72 h)",
    "note": "municipal offices stand for the sector (prefectures: 100 % / 87.2 %). The 12 h lower end of the 'power but < 72 h' share is an assumption. strength 0.7 assumption.",
}
FINANCE_CENTRES = {
    "strength": 0.9,
    "buffer_h": 72,
    "source": "happylibus.com/doc/790550/ (Zengin 2011-12-15, quoting the Tokyo-quake outline: >= 3 days of emergency power and cooling water for key financial and settlement centres)",
    "note": "the sector's function is its centres; branches and ATMs that go dark at once (Chiba 2019: 980 ATMs) are not modelled separately. strength 0.9 assumption.",
}

# Which dependencies take which entry: (supplier, consumer) as sector ids (sector-level
# model) or as node classes (asset models); `ids` restricts to named consumer nodes.
SECTOR_RULES = {
    ("power", "telecom"): BASE_STATION,
    ("power", "water"): WATER,
    ("power", "medical"): HOSPITALS,
    ("water", "medical"): HOSPITAL_WATER,
    ("power", "logistics"): SIGNALS,
    ("power", "petroleum"): FILLING_STATIONS,
    ("power", "government"): GOVERNMENT,
    ("power", "finance"): FINANCE_CENTRES,
}
CLASS_RULES = {
    ("power_distribution", "base_station"): BASE_STATION,
    ("power_distribution", "water_distribution"): WATER,
    ("water_treatment", "water_distribution"): RESERVOIRS,
}
# Per model: class rules that depend on what the nodes stand for.
MODEL_RULES = {
    "east-japan.json": {
        ("power_distribution", "telecom_office"): TELECOM_BUILDING,
        ("power_distribution", "hospital"): HOSPITAL_BASE,
        ("water_distribution", "hospital"): HOSPITAL_WATER_SINGLE,
        ("power_distribution", "water_treatment"): WATER_PLANT,
    },
    "tokyo.json": {
        ("power_distribution", "water_treatment"): WATER_PLANT_SINGLE,
        ("power_distribution", "telecom_office"): TELECOM_CORE,
        ("power_distribution", "hospital"): HOSPITAL_BASE,
        ("water_distribution", "hospital"): HOSPITAL_WATER_SINGLE,
    },
    "chiba.json": {
        ("power_distribution", "telecom_office"): TELECOM_BUILDING,
        ("power_distribution", "hospital"): HOSPITALS,
        ("water_distribution", "hospital"): HOSPITAL_WATER,
    },
    "noto.json": {
        ("power_distribution", "telecom_office"): TELECOM_BUILDING,
        ("power_distribution", "hospital"): HOSPITALS,
        ("water_distribution", "hospital"): HOSPITAL_WATER,
    },
}
# Named exceptions (node ids) inside a class rule.
NODE_RULES = {
    "tokyo.json": {nid: HOSPITAL_BASE_SHORT for nid in ("h-st-lukes", "h-hiroo", "h-ndmc")},
}
MODELS = ["japan-ci.json", "east-japan.json", "tokyo.json", "chiba.json", "noto.json"]
KEYS = ("strength", "buffer_h", "refill_h", "source", "note")


def rule_for(model_name, dep, classes):
    if dep["to"] in NODE_RULES.get(model_name, {}) and classes.get(dep["from"]) == "power_distribution":
        return NODE_RULES[model_name][dep["to"]]
    key = (classes.get(dep["from"], dep["from"]), classes.get(dep["to"], dep["to"]))
    if dep.get("effect", "function") != "function":
        return None
    if not classes:
        return SECTOR_RULES.get(key)
    return MODEL_RULES.get(model_name, {}).get(key) or CLASS_RULES.get(key)


def expected(dep, rule):
    out = dict(dep)
    for k in KEYS:
        out.pop(k, None)
    for k in KEYS:
        if k in rule:
            out[k] = rule[k]
    return out


def main():
    ap = argparse.ArgumentParser()
    mode = ap.add_mutually_exclusive_group(required=True)
    mode.add_argument("--write", action="store_true")
    mode.add_argument("--check", action="store_true")
    ap.add_argument("--root", default=str(Path(__file__).resolve().parents[2]))
    args = ap.parse_args()
    problems = []
    for name in MODELS:
        path = Path(args.root) / "models" / name
        if not path.exists():
            problems.append(f"{path}: missing")
            continue
        text = path.read_text()
        indent = len(text.split("\n", 2)[1]) - len(text.split("\n", 2)[1].lstrip(" "))
        model = json.loads(text)
        classes = {n["id"]: n["class"] for n in model.get("nodes", [])}
        changed = 0
        for i, dep in enumerate(model["dependencies"]):
            rule = rule_for(name, dep, classes)
            if rule is None:
                continue
            want = expected(dep, rule)
            if want != dep:
                changed += 1
                if args.check:
                    problems.append(f"{path}: /dependencies/{i} ({dep['from']} -> {dep['to']}) differs from the calibration table")
                model["dependencies"][i] = want
        if args.write and changed:
            path.write_text(json.dumps(model, ensure_ascii=False, indent=indent) + "\n")
            print(f"{name}: {changed} dependencies rewritten")
    if problems:
        print("\n".join(problems))
        return 1
    if args.check:
        print("calibration: every backup-power dependency of the shipped models is the table's")
    return 0


if __name__ == "__main__":
    sys.exit(main())
