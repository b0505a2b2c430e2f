"""Fixtures shared across the suite: paths to the shared data and one example graph per session."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.graphfiles import write_graph
from kg.rdf import build_dataset

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
EXAMPLES = REPO / "kg" / "examples"


@pytest.fixture(scope="session")
def shared_corpus() -> Path:
    """The real French articles beside the project (CI has them; a bare clone may not)."""
    corpus = SHARED / "corpus"
    if not corpus.is_dir():
        pytest.skip(f"{corpus} is absent: the shared articles are not beside this checkout")
    return corpus


@pytest.fixture(scope="session")
def shared_gold() -> Path:
    gold = SHARED / "eval" / "dev"
    if not gold.is_dir():
        pytest.skip(f"{gold} is absent: the shared gold files are not beside this checkout")
    return gold


@pytest.fixture(scope="session")
def example_graph(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled example corpus built once with `kg build` (the real spaCy pipeline)."""
    out = tmp_path_factory.mktemp("example") / "graph.trig"
    result = CliRunner().invoke(main, ["build", str(EXAMPLES / "corpus"), "-o", str(out), "-q"])
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="session")
def graph_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The hand-checked query fixture articles (``test_sparql.corpus``) as TriG, for the query and server tests."""
    from test_sparql import corpus

    path = tmp_path_factory.mktemp("sparql") / "graph.trig"
    write_graph(build_dataset(corpus()), path)
    return path
