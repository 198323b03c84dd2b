"""The installed package works outside the checkout: templates ship as package data."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

from .helpers import ROOT, SHIPPED

# what a checkout may hold besides its sources: setuptools' build/ folder would put modules deleted
# since the last build into the wheel, so the wheel is built from a copy without it
NOT_SOURCES = shutil.ignore_patterns(".git", ".venv", "build", "dist", "output", "*.egg-info", "__pycache__",
                                     ".pytest_cache", ".mypy_cache", ".ruff_cache")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    checkout = tmp_path_factory.mktemp("checkout") / "taskdoc"
    shutil.copytree(ROOT, checkout, ignore=NOT_SOURCES)
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q",
                    "-w", str(out), str(checkout)], check=True, capture_output=True)
    return next(out.glob("taskdoc-*.whl"))


def test_wheel_holds_exactly_the_package_modules(wheel):
    """Every module of generator/ (all its subpackages) ships, and nothing else does."""
    shipped = {n for n in zipfile.ZipFile(wheel).namelist() if n.startswith("generator/") and n.endswith(".py")}
    sources = {p.relative_to(ROOT).as_posix() for p in (ROOT / "generator").rglob("*.py")}
    assert shipped == sources


def test_wheel_carries_every_template(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    for template in sorted((ROOT / "templates").glob("*.j2")):
        assert f"generator/templates/{template.name}" in names, template.name


def test_wheel_carries_the_web_pages_and_their_assets(wheel):
    """`taskdoc serve` works offline: its templates, script and style ship in the package."""
    names = zipfile.ZipFile(wheel).namelist()
    web = ROOT / "generator" / "web"
    assets = sorted([*(web / "templates").glob("*.html"), *(web / "static").glob("*")])
    assert assets
    for asset in assets:
        assert f"generator/web/{asset.relative_to(web).as_posix()}" in names, asset.name


def test_installed_taskdoc_builds_from_another_folder(wheel, tmp_path):
    """Install the wheel without its dependencies into a venv that sees this one's site-packages,
    then run the console script from a folder with no templates/ of its own."""
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(system_site_packages=False, with_pip=False).create(env_dir)
    bin_dir = env_dir / ("Scripts" if os.name == "nt" else "bin")
    python = bin_dir / "python"
    # dependencies come from the test environment's site-packages, the package itself from the wheel
    site = next(p for p in sys.path if p.endswith("site-packages"))
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target),
                    str(wheel)], check=True, capture_output=True)
    work = tmp_path / "ws"
    (work / "source").mkdir(parents=True)
    shutil.copyfile(SHIPPED, work / "source" / "decomposition.xlsx")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(target), site])}
    result = subprocess.run([str(python), "-m", "generator", "notice"], cwd=work, env=env,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "已生成 1 个文件" in result.stdout
    assert (work / "output" / "通知_嘉政办发〔2020〕86号.docx").is_file()
    assert not (work / "templates").exists()
