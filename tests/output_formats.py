"""Output files against docs/formats.md and the output JSON Schemas (issue 22).

Usage: output_formats.py CISIM SOURCE_DIR WORK_DIR   (run by tests/output_formats.cmake)

Runs a shipped asset-level scenario with hazards and households (Noto 2024), a
short Monte Carlo, the measures ranking and both sensitivity methods, then:
  - validates summary.json (run, mc, the golden summaries), measures.json and
    sensitivity.json against models/schema/cisim-{summary,measures,sensitivity}.schema.json,
    and checks that the schemas refuse a key they do not list (they cannot pass
    everything);
  - checks that every CSV column written, every events.csv kind the engine can
    log (sim/engines/Engine.cpp) and every GeoJSON property is named in
    docs/formats.md as `name`.
"""
import csv
import glob
import json
import os
import re
import shutil
import subprocess
import sys

import jsonschema

cisim, root, work = sys.argv[1:4]
shutil.rmtree(work, ignore_errors=True)
os.makedirs(work)
failures = []


def run(*args):
    subprocess.run([cisim, *args, "-q"], check=True, cwd=root)


def out(name):
    return os.path.join(work, name)


run("run", "scenarios/noto-2024.json", "--out", out("noto"))
run("run", "scenarios/noto-2024.json", "--unit-series", "changes", "--out", out("noto-changes"))
run("mc", "scenarios/kddi-2022-uncertain.json", "--samples", "20", "--out", out("mc"))
run("mc", "scenarios/noto-2024.json", "--samples", "4", "--out", out("noto-mc"))
run("measures", "scenarios/kddi-2022-mobile-core.json", "--out", out("measures"))
run("measures", "tests/fixtures/measures-uncertain-scenario.json", "--samples", "16", "--out", out("measures-uncertain"))
run("sensitivity", "scenarios/kddi-2022-uncertain.json", "--samples", "4", "--out", out("sobol"))
run("sensitivity", "scenarios/kddi-2022-uncertain.json", "--method", "morris", "--samples", "2", "--out", out("morris"))

schemas = {}
for name in ("summary", "measures", "sensitivity"):
    with open(os.path.join(root, "models", "schema", f"cisim-{name}.schema.json"), encoding="utf-8") as f:
        schemas[name] = json.load(f)
    jsonschema.Draft7Validator.check_schema(schemas[name])
    if not schemas[name].get("$id"):
        failures.append(f"cisim-{name}.schema.json has no $id")


def problems(name, doc):
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message[:200]}"
            for e in jsonschema.Draft7Validator(schemas[name]).iter_errors(doc)]


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


documents = [("summary", out("noto/summary.json")), ("summary", out("mc/summary.json")),
             ("summary", out("noto-mc/summary.json")), ("measures", out("measures/measures.json")),
             ("measures", out("measures-uncertain/measures.json")),
             ("sensitivity", out("sobol/sensitivity.json")), ("sensitivity", out("morris/sensitivity.json"))]
documents += [("summary", p) for p in sorted(glob.glob(os.path.join(root, "tests", "golden", "*.summary.json")))]
for name, path in documents:
    for p in problems(name, load(path)):
        failures.append(f"{path}: {p}")

# The schemas are strict: an unlisted key anywhere is refused.
strict = [("summary", out("noto/summary.json"), lambda d: d["sectors"][0].update(extra=1)),
          ("summary", out("mc/summary.json"), lambda d: d["monte_carlo"].update(extra=1)),
          ("measures", out("measures/measures.json"), lambda d: d["portfolio"]["search"].update(extra=1)),
          ("measures", out("measures-uncertain/measures.json"), lambda d: d["uncertainty"].update(extra=1)),
          ("sensitivity", out("sobol/sensitivity.json"), lambda d: d["outputs"][0]["parameters"][0].update(extra=1))]
for name, path, spoil in strict:
    doc = load(path)
    spoil(doc)
    if not problems(name, doc):
        failures.append(f"the {name} schema accepts an unknown key in {path}")

with open(os.path.join(root, "docs", "formats.md"), encoding="utf-8") as f:
    formats = f.read()
named = set(re.findall(r"`([^`]+)`", formats))


def need(what, names):
    for n in names:
        if n not in named:
            failures.append(f"docs/formats.md does not name {what} `{n}`")


for path in sorted(glob.glob(os.path.join(work, "*", "*.csv"))):
    with open(path, encoding="utf-8", newline="") as f:
        rows = (line for line in f if not line.startswith("#"))
        header = next(csv.reader(rows))
    need(f"the column of {os.path.basename(path)}", header)
seen = {os.path.basename(p) for p in glob.glob(os.path.join(work, "*", "*.csv"))}
for expected in ("timeseries.csv", "unit_changes.csv", "events.csv", "injects.csv", "hazard.csv", "households.csv",
                 "mc_bands.csv", "sensitivity.csv"):
    if expected not in seen:
        failures.append(f"no {expected} was written: the test covers less than it says")
    need("the file", [expected])

with open(os.path.join(root, "sim", "engines", "Engine.cpp"), encoding="utf-8") as f:
    kinds = re.findall(r'case LogKind::\w+: return "(\w+)"', f.read())
if len(kinds) < 9:
    failures.append(f"found only {len(kinds)} LogKind names in sim/engines/Engine.cpp")
need("the events.csv kind", kinds)
with open(out("noto/events.csv"), encoding="utf-8", newline="") as f:
    need("the events.csv kind", {row["kind"] for row in csv.DictReader(f)})

features = load(out("noto/affected.geojson"))["features"]
if not features:
    failures.append("affected.geojson has no features")
need("the GeoJSON property", sorted({k for feat in features for k in feat["properties"]}))

for f in failures:
    print("FAIL:", f)
print("ok" if not failures else f"{len(failures)} failures")
sys.exit(1 if failures else 0)
