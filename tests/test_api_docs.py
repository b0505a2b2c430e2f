"""The API reference builds from the docstrings (docs/api.py, pdoc) and catches what would make it rot; the
changelog's latest version is the package's."""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from pathlib import Path

import pytest

import kg

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "docs" / "api.py"


def _api():
    spec = importlib.util.spec_from_file_location("kg_api_docs", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.slow
def test_reference_builds_with_every_public_name_documented(tmp_path):
    done = subprocess.run([sys.executable, str(SCRIPT), "-o", str(tmp_path)], capture_output=True, text=True,
                          cwd=ROOT, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout == ""  # one line per problem: none
    for name in _api().PUBLIC_MODULES:
        assert (tmp_path / f"{name.replace('.', '/')}.html").is_file(), name
    assert (tmp_path / "index.html").is_file() and (tmp_path / "search.js").is_file()
    package = (tmp_path / "kg.html").read_text(encoding="utf-8")
    assert "statements_frame" in package  # the lazily imported DataFrame helpers are documented under kg
    frames = (tmp_path / "kg" / "frames.html").read_text(encoding="utf-8")
    assert "DataFrame" in frames and "<script src=\"http" not in frames  # the reference reads offline too


def test_check_names_an_undocumented_function_and_a_module_that_fails(tmp_path, monkeypatch):
    source = tmp_path / "src"
    source.mkdir()
    (source / "kgdoc_sample.py").write_text('"""A module."""\n\n\ndef documented():\n    """Yes."""\n\n\n'
                                            'def bare():\n    return 1\n\n\ndef _private():\n    return 2\n\n\n'
                                            'class Thing:\n    """A thing."""\n\n    def act(self):\n'
                                            '        return 3\n', encoding="utf-8")
    (source / "kgdoc_broken.py").write_text('"""Broken."""\nraise ImportError("no such dependency")\n',
                                            encoding="utf-8")
    monkeypatch.syspath_prepend(str(source))
    problems = _api().build(tmp_path / "out", ("kgdoc_sample", "kgdoc_broken"))
    assert "kgdoc_sample.bare: public, but no docstring" in problems
    assert "kgdoc_sample.Thing.act: public, but no docstring" in problems
    assert not any("_private" in p or ".documented" in p for p in problems)
    assert any(p.startswith("kgdoc_broken: does not import: ImportError: no such dependency") for p in problems)
    assert (tmp_path / "out" / "kgdoc_sample.html").is_file()


def test_pending_names_are_real_public_names():
    api = _api()
    for full in api.PENDING:
        assert api._module_of(full) in api.PUBLIC_MODULES, full


def test_latest_changelog_version_is_the_package_version():
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    versions = re.findall(r"^## (\d+\.\d+\.\d+)\b", changelog, flags=re.MULTILINE)
    assert versions and versions[0] == kg.__version__, versions[:3]
    assert versions == sorted(versions, key=lambda v: tuple(map(int, v.split("."))), reverse=True)
    assert re.search(r"^## How releases are tagged", changelog, flags=re.MULTILINE)
