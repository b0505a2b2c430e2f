"""`kg build --cluster` on a real 2-worker LocalCluster: the same graph as one process, resumable, and one
bad article named while the rest goes on."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.model import Article

distributed = pytest.importorskip("distributed")
pytestmark = pytest.mark.slow

from kg.cluster import build_shards  # noqa: E402  (needs distributed)
from kg.shards import read_shard_header  # noqa: E402

CORPUS = Path(__file__).resolve().parent.parent / "kg" / "examples" / "corpus"
ARTICLES = ["01_invasion-ukraine.txt", "02_xi-moscou.txt", "03_pologne-armes.txt", "04_aide-congres.txt"]


@pytest.fixture(scope="module")
def cluster():
    """Two worker processes of one thread each: the smallest cluster that really distributes."""
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as local:
        yield local


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("in")
    for name in ARTICLES:
        shutil.copyfile(CORPUS / name, folder / name)
    return folder


@pytest.fixture(scope="module")
def one_process(inputs: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("one") / "graph.nq"
    result = CliRunner().invoke(main, ["build", str(inputs), "-o", str(out), "-q"])
    assert result.exit_code == 0, result.output
    return out


def _quads(path: Path) -> list[str]:
    return sorted(str(q) for q in ox.parse(path=str(path), format=ox.RdfFormat.from_extension(path.suffix[1:])))


def _loads_per_worker() -> int:
    from kg.extract import load_nlp

    return load_nlp.cache_info().misses


def test_cluster_build_is_the_one_process_graph_and_resumes(cluster, inputs, one_process, tmp_path):
    out, db = tmp_path / "graph.trig", tmp_path / "graph.db"
    args = ["build", str(inputs), "--cluster", cluster.scheduler_address, "--partition-size", "2",
            "-o", str(out), "--store", str(db), "-q"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert "2 partition(s) extracted, 0 resumed" in result.stderr
    assert _quads(out) == _quads(one_process)
    store = ox.Store.read_only(str(db))
    expected = ox.Store()
    expected.bulk_load(path=str(one_process), format=ox.RdfFormat.N_QUADS)
    assert sorted(map(str, store)) == sorted(map(str, expected))
    del store
    with distributed.Client(cluster) as client:  # the worker plugin loaded the pipeline once per worker
        assert set(client.run(_loads_per_worker).values()) == {1}

    shards = sorted((tmp_path / "graph.trig.shards").iterdir())
    assert len(shards) == 2
    stamps = {p: p.stat().st_mtime_ns for p in shards}
    shards[1].unlink()  # as if the build had stopped before the last partition was written
    out.unlink()
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert "1 partition(s) extracted, 1 resumed" in result.stderr
    assert shards[0].stat().st_mtime_ns == stamps[shards[0]], "a finished partition was redone"
    assert _quads(out) == _quads(one_process)
    assert "0 added, 0 replaced, 4 unchanged" in result.stderr


def test_a_failing_article_is_named_and_the_others_are_kept(cluster, tmp_path):
    good = [Article(id=f"a{n}", text=(CORPUS / name).read_text(encoding="utf-8"), date=dt.date(2025, 3, 1))
            for n, name in enumerate(ARTICLES[:2])]
    bad = Article(id="bad-date", text="La Russie a attaqué l'Ukraine.", date="1er mars")  # type: ignore[arg-type]
    reported: list[tuple[str, str]] = []
    run = build_shards([good[0], bad, good[1]], tmp_path, cluster.scheduler_address, partition_size=3,
                       on_failure=lambda name, message: reported.append((name, message)))
    assert [name for name, _ in reported] == ["bad-date"]
    assert "AttributeError" in reported[0][1]
    assert (run.articles, run.failed_articles, run.extracted) == (2, 1, 1)
    shard = run.shards[0]
    assert read_shard_header(shard).failed[0][0] == "bad-date"
    graphs = {q.graph_name.value.rsplit("/", 1)[1] for q in ox.parse(path=str(shard), format=ox.RdfFormat.N_QUADS)}
    assert graphs == {"a0", "a1"}

    reported.clear()  # a re-run does not redo the partition, and says again which article failed
    again = build_shards([good[0], bad, good[1]], tmp_path, cluster.scheduler_address, partition_size=3,
                         on_failure=lambda name, message: reported.append((name, message)))
    assert (again.extracted, again.resumed) == (0, 1)
    assert [name for name, _ in reported] == ["bad-date"] and "earlier run" in reported[0][1]


def test_cluster_option_errors_start_nothing(inputs, tmp_path):
    out = str(tmp_path / "g.trig")
    result = CliRunner().invoke(main, ["build", str(inputs), "--cluster", "local:0", "-o", out])
    assert result.exit_code == 2 and "local:N" in result.output
    result = CliRunner().invoke(main, ["build", str(inputs), "--cluster", "local:2", "-j", "2", "-o", out])
    assert result.exit_code == 2 and "-j and --cluster" in result.output
