"""Shared by the Python package's tests (tests/python.cmake runs them under ctest).

CISIM_EXE names the cisim command line (its results are the reference), the
working directory is the source tree: the CLI and the package are given the
same relative paths, so summary.json names the same files.
"""
import os
import pathlib
import subprocess

import pytest

SOURCE = pathlib.Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def in_source_tree(monkeypatch):
    monkeypatch.chdir(SOURCE)


@pytest.fixture
def cli():
    """Runs `cisim ARGS...`; returns the CompletedProcess (text)."""
    exe = os.environ.get("CISIM_EXE")
    if not exe:
        pytest.skip("CISIM_EXE not set (ctest sets it)")

    def run(*args, check=True):
        done = subprocess.run([exe, *map(str, args)], capture_output=True, text=True, cwd=SOURCE)
        if check and done.returncode != 0:
            raise AssertionError(f"cisim {' '.join(map(str, args))}: exit {done.returncode}\n{done.stderr}")
        return done

    return run
