"""``ansum brief --engine ray``: equal to the local engine, fault tolerant, same skips.

Needs the ``ray`` extra (skipped without it).  One local Ray instance per session
(2 CPUs, no dashboard); the corpus articles come from ../shared/data.
"""

from __future__ import annotations

import gzip
import itertools
import json
from datetime import datetime, timezone
from pathlib import Path

import pytest
from typer.testing import CliRunner

ray = pytest.importorskip("ray")

from ansum.brief.build import DigestOptions, build_digest  # noqa: E402
from ansum.brief.cache import BriefCache  # noqa: E402
from ansum.brief.ray_engine import RayOptions, build_digest_ray  # noqa: E402
from ansum.cli.app import app  # noqa: E402
from ansum.runtime import BriefOptions  # noqa: E402

NOW = datetime(2026, 1, 1, tzinfo=timezone.utc)
EXTRACTIVE = DigestOptions(BriefOptions(profile="extractive"))


@pytest.fixture(scope="session")
def ray_session():
    if not ray.is_initialized():
        ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False,
                 logging_level="ERROR")
    yield ray
    ray.shutdown()


def corpus_head(shared_data: Path, n: int, dest: Path) -> Path:
    """The first ``n`` lines of the 2018 corpus, as a .jsonl.gz at ``dest``."""
    with gzip.open(shared_data / "corpus" / "ant-2018.jsonl.gz", "rt", encoding="utf-8") as f:
        lines = list(itertools.islice(f, n))
    with gzip.open(dest, "wt", encoding="utf-8") as out:
        out.writelines(lines)
    return dest


def untimed(value):
    """``value`` without timing fields (they differ run to run)."""
    if isinstance(value, dict):
        return {k: untimed(v) for k, v in value.items() if "timing" not in k}
    if isinstance(value, list):
        return [untimed(v) for v in value]
    return value


def test_200_corpus_articles_equal_the_local_engine(ray_session, shared_data, tmp_path):
    path = str(corpus_head(shared_data, 200, tmp_path / "head.jsonl.gz"))
    local = build_digest([path], EXTRACTIVE, now=NOW)
    cache = BriefCache(tmp_path / "cache.sqlite3")
    remote = build_digest_ray([path], EXTRACTIVE, RayOptions(concurrency=2), cache=cache,
                              now=NOW, results=tmp_path / "out")
    assert local.digest["inputs"]["briefed"] == 200
    assert len(local.digest["stories"]) > 100
    assert untimed(remote.digest) == untimed(local.digest)
    import pyarrow.parquet as pq

    table = pq.read_table(tmp_path / "out" / "briefs.parquet").to_pylist()
    assert len(table) == 200 and len({r["id"] for r in table}) == 200
    assert all(json.loads(r["brief"])["summary"] for r in table if not r["duplicate_of"])
    # the driver wrote the cache: a second run briefs nothing and gives the same digest
    again = build_digest_ray([path], EXTRACTIVE, RayOptions(), cache=cache, now=NOW)
    cache.close()
    assert again.digest["inputs"]["from_cache"] == 200
    assert again.digest["inputs"]["briefed"] == 0
    assert all(s["continuing"] for s in again.digest["stories"])  # shown by the first run
    fresh = [{k: v for k, v in s.items() if k not in ("continuing", "first_seen")}
             for s in untimed(again.digest["stories"])]
    assert fresh == [{k: v for k, v in s.items() if k not in ("continuing", "first_seen")}
                     for s in untimed(local.digest["stories"])]


def test_dataset_entry_point(ray_session, shared_data, tmp_path):
    path = corpus_head(shared_data, 30, tmp_path / "head.jsonl.gz")
    with gzip.open(path, "rt", encoding="utf-8") as f:
        rows = [json.loads(line) for line in f]
    local = build_digest([str(path)], EXTRACTIVE, now=NOW)
    remote = build_digest_ray(ray.data.from_items(rows), EXTRACTIVE, now=NOW)
    assert untimed(remote.digest["stories"]) == untimed(local.digest["stories"])


def test_lsh_first_pass_on_workers_finds_the_same_duplicates(ray_session, shared_data):
    day = str(shared_data / "days" / "2018-04-14.jsonl")
    local = build_digest([day], EXTRACTIVE, now=NOW)
    remote = build_digest_ray([day], EXTRACTIVE, RayOptions(lsh_on_workers=True), now=NOW)
    assert local.digest["inputs"]["duplicates"] >= 5
    assert untimed(remote.digest) == untimed(local.digest)


def test_an_actor_killed_mid_run_still_briefs_every_article_once(ray_session, shared_data,
                                                                 tmp_path):
    path = str(corpus_head(shared_data, 40, tmp_path / "head.jsonl.gz"))
    options = DigestOptions(BriefOptions(profile="extractive"), batch_articles=4)
    local = build_digest([path], options, now=NOW)
    mark = tmp_path / "killed"
    remote = build_digest_ray([path], options,
                              RayOptions(batch_rows=8, kill_after=2, kill_mark=str(mark)),
                              now=NOW, results=tmp_path / "out")
    assert mark.exists()  # the actor did kill itself (ray.kill) once
    assert remote.digest["inputs"]["briefed"] == 40
    import pyarrow.parquet as pq

    ids = [r["id"] for r in pq.read_table(tmp_path / "out" / "briefs.parquet").to_pylist()]
    assert sorted(ids) == sorted(set(ids)) and len(ids) == 40
    assert untimed(remote.digest) == untimed(local.digest)


def test_bad_input_gives_the_same_warnings_and_status(ray_session, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    good = (Path(__file__).resolve().parents[1] / "examples" / "heatwave.txt").read_text("utf-8")
    (folder / "a.jsonl").write_text(
        json.dumps({"id": "x1", "title": "t", "text": good}, ensure_ascii=False) + "\n"
        + "{not json\n" + json.dumps({"id": "x2", "text": 5}) + "\n", encoding="utf-8")
    (folder / "b.txt").write_bytes(bytes(range(256)) * 8)
    (folder / "c.txt").write_text(good, encoding="utf-8")
    outs = {}
    for engine in ("local", "ray"):
        r = CliRunner().invoke(app, ["brief", "-p", "extractive", "-f", "json", "--no-cache",
                                     "--engine", engine, str(folder)])
        outs[engine] = r
    lo, ro = outs["local"], outs["ray"]
    assert lo.exit_code == ro.exit_code == 3, (lo.output[-500:], ro.output[-500:])
    skipped = json.loads(lo.stdout)["inputs"]["skipped"]
    assert [s["where"].rsplit("/", 1)[-1] for s in skipped] == ["a.jsonl:2", "a.jsonl:3",
                                                                "b.txt"]
    assert json.loads(ro.stdout)["inputs"]["skipped"] == skipped
    warn = [line for line in lo.stderr.splitlines() if "warning:" in line]
    assert len(warn) == 3 and warn == [line for line in ro.stderr.splitlines()
                                       if "warning:" in line]


@pytest.mark.slow
@pytest.mark.neural
def test_tiny_models_equal_the_local_engine(ray_session, shared_data, tiny_models_toml,
                                            tmp_path):
    path = str(corpus_head(shared_data, 12, tmp_path / "head.jsonl.gz"))
    options = DigestOptions(BriefOptions(models_file=tiny_models_toml, device="cpu"),
                            batch_articles=4)
    local = build_digest([path], options, now=NOW)
    remote = build_digest_ray([path], options, RayOptions(concurrency=1, batch_rows=4),
                              now=NOW)
    assert local.digest["method"]["translation"].endswith("/marian")  # a model ran
    assert untimed(remote.digest) == untimed(local.digest)
