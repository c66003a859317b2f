"""`cmake --install` installs the package where Debian's python3 finds it under the prefix."""
import os
import pathlib
import subprocess
import sys

import pytest


def test_installed_package_imports(tmp_path):
    build = os.environ.get("CISIM_BUILD_DIR")
    site = os.environ.get("CISIM_PYTHON_INSTALL_DIR")
    if not build or not site:
        pytest.skip("CISIM_BUILD_DIR / CISIM_PYTHON_INSTALL_DIR not set (ctest sets them)")
    prefix = tmp_path / "prefix"
    cmake = os.environ.get("CISIM_CMAKE", "cmake")
    subprocess.run([cmake, "--install", build, "--prefix", str(prefix)], check=True, capture_output=True)
    installed = pathlib.Path(site) if os.path.isabs(site) else prefix / site
    assert (installed / "cisim" / "__init__.py").is_file()
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["PYTHONPATH"] = str(installed)
    done = subprocess.run([sys.executable, "-c", "import cisim; print(cisim.__file__); print(sorted(cisim.engines()))"],
                          check=True, capture_output=True, text=True, env=env, cwd=tmp_path)
    where, engines = done.stdout.splitlines()
    assert where.startswith(str(installed))
    assert engines == "['cascade', 'diim', 'iim']"
