"""What the CLI test scripts tests/cli_*.py share: running cisim, the checks,
reading and writing files, and the entry point.

Each script is run by ctest as `SCRIPT CASE CISIM SOURCE_DIR WORK_DIR`, one
ctest test per case, and exits non-zero with a message when a check fails.
Python puts the script's own folder (tests/) first on sys.path, so
`import cli_support` finds this file from whatever directory ctest runs in.
"""
import json
import os
import shutil
import subprocess
import sys

# Set by main() (here and in the script's globals).
CISIM = SOURCE = WORK = None
_IN_SOURCE = False
_TIMEOUT = 120


def _text(out):
    return out.decode(errors="replace") if isinstance(out, bytes) else out


def run(*args, expect=0, stdin=None, text=True):
    """cisim ARGS, exiting with its output unless its exit status is `expect`."""
    p = subprocess.run([CISIM, *args], capture_output=True, text=text, timeout=_TIMEOUT, input=stdin,
                       cwd=SOURCE if _IN_SOURCE else None)
    if p.returncode != expect:
        sys.exit(f"cisim {' '.join(args)}: exit {p.returncode}, expected {expect}\n"
                 f"stdout:\n{_text(p.stdout)}\nstderr:\n{_text(p.stderr)}")
    return p


def check(cond, what):
    if not cond:
        sys.exit("FAILED: " + what)


def one_line_error(p, *fragments):
    """The form of bad input's error: one line on stderr naming each fragment, nothing on stdout."""
    lines = p.stderr.splitlines()
    check(len(lines) == 1 and p.stdout == "", f"one line on stderr, nothing on stdout: {p.stderr!r} {p.stdout!r}")
    for f in fragments:
        check(f in lines[0], f"{f!r} in {lines[0]!r}")


def fixture(name):
    return os.path.join(SOURCE, "tests", "fixtures", name)


def read_text(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def read_bytes(path):
    with open(path, "rb") as f:
        return f.read()


def read_json(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def write_text(path, text):
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return path


def write_json(path, value):
    return write_text(path, json.dumps(value))


def main(script_globals, in_source=False, timeout=120):
    """Reads CASE CISIM SOURCE_DIR WORK_DIR, empties WORK_DIR and runs the
    script's case_<CASE>. in_source: cisim runs in SOURCE_DIR (the script names
    files relative to it); timeout: seconds for one cisim call."""
    global CISIM, SOURCE, WORK, _IN_SOURCE, _TIMEOUT
    case, cisim, SOURCE, work = sys.argv[1:5]
    CISIM, WORK = os.path.abspath(cisim), os.path.abspath(work)
    _IN_SOURCE, _TIMEOUT = in_source, timeout
    script_globals.update(CISIM=CISIM, SOURCE=SOURCE, WORK=WORK)
    shutil.rmtree(WORK, ignore_errors=True)
    os.makedirs(WORK)
    script_globals["case_" + case.replace("-", "_")]()
