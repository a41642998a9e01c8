"""The brief cache: re-runs brief only new articles, continuing stories, concurrent runs,
translations shared across articles and runs (fake backends count the model calls)."""

from __future__ import annotations

import json
import multiprocessing
from datetime import datetime, timezone
from pathlib import Path

import pytest
from typer.testing import CliRunner

import ansum.batch
from ansum.backends import BACKENDS
from ansum.backends.fake import FakeSummarizer, FakeTranslator
from ansum.brief.build import DigestOptions, build_digest
from ansum.brief.cache import BriefCache, SqliteMemo, default_cache_path
from ansum.cli.app import app
from ansum.runtime import BriefOptions
from ansum.translation.translate import TranslationResult

ROOT = Path(__file__).resolve().parents[1]
EXTRACTIVE = DigestOptions(BriefOptions(profile="extractive"))
DAY1 = datetime(2026, 12, 1, 7, 0, tzinfo=timezone.utc)
DAY2 = datetime(2026, 12, 2, 7, 0, tzinfo=timezone.utc)

TOML = """
[models.fake-tr]
task = "translate"
backend = "fake"
family = "marian"
license = "test"
max_input_tokens = 60

[models.fake-sum]
task = "summarize"
backend = "fake"
family = "mt5"
license = "test"
max_input_tokens = 400

[profiles.fake]
summarizer = "fake-sum"
translator = "fake-tr"
"""

SHARED = "وقال المتحدث باسم الوزارة إن الاجتماع انتهى دون اتفاق على الميزانية الجديدة."


def day_rows(shared_data, n: int) -> list[dict]:
    path = shared_data / "days" / "2018-04-14.jsonl"
    return [json.loads(line) for line in path.read_text("utf-8").splitlines()[:n]]


def write_jsonl(path: Path, rows) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
    return path


@pytest.fixture
def count_briefs(monkeypatch):
    """Articles handed to ansum.batch.build_briefs (the per-article brief stages)."""
    seen: list[str] = []
    real = ansum.batch.build_briefs

    def counting(articles, *args, **kwargs):
        seen.extend(a.name for a in articles)
        return real(articles, *args, **kwargs)

    monkeypatch.setattr(ansum.batch, "build_briefs", counting)
    return seen


def test_rerun_with_one_new_article_briefs_only_it(shared_data, tmp_path, count_briefs):
    rows = day_rows(shared_data, 21)
    cache = BriefCache(tmp_path / "c.sqlite3")
    first = build_digest([str(write_jsonl(tmp_path / "d.jsonl", rows[:20]))], EXTRACTIVE,
                         cache=cache, now=DAY1).digest
    n_first = len(count_briefs)
    assert n_first == first["inputs"]["briefed"] == 20 - first["inputs"]["duplicates"]
    assert not any(s["continuing"] for s in first["stories"])

    path = write_jsonl(tmp_path / "d.jsonl", rows)  # the same folder, one article more
    second = build_digest([str(path)], EXTRACTIVE, cache=cache, now=DAY2).digest
    assert count_briefs[n_first:] == [f"{path}:21"]  # only the new one was briefed
    assert second["inputs"]["briefed"] == 1
    assert second["inputs"]["from_cache"] == n_first
    # the same stories, and every story with an old article is continuing since day 1
    new_id = rows[20]["id"]
    for story in second["stories"]:
        ids = {a["id"] for a in story["articles"]}
        if ids != {new_id}:
            assert story["continuing"] and story["first_seen"] == "2026-12-01"
        else:
            assert not story["continuing"] and story["first_seen"] is None
    assert {s["id"] for s in first["stories"]} <= {s["id"] for s in second["stories"]}
    # --no-cache: everything briefed again, nothing continuing
    third = build_digest([str(path)], EXTRACTIVE, now=DAY2).digest
    assert third["inputs"]["from_cache"] == 0 and not any(s["continuing"]
                                                          for s in third["stories"])
    assert cache.integrity() == "ok"


def test_other_options_miss_the_cache(shared_data, tmp_path, count_briefs):
    path = write_jsonl(tmp_path / "d.jsonl", day_rows(shared_data, 5))
    cache = BriefCache(tmp_path / "c.sqlite3")
    build_digest([str(path)], EXTRACTIVE, cache=cache)
    n = len(count_briefs)
    other = DigestOptions(BriefOptions(profile="extractive", claims=2))
    assert build_digest([str(path)], other, cache=cache).digest["inputs"]["from_cache"] == 0
    assert len(count_briefs) == 2 * n


def _run(args) -> str:
    cache_path, data_path = args
    cache = BriefCache(cache_path)
    digest = build_digest([data_path], DigestOptions(BriefOptions(profile="extractive"),
                                                     batch_articles=4), cache=cache).digest
    cache.close()
    return json.dumps([[a["id"] for a in s["articles"]] for s in digest["stories"]])


def test_two_runs_at_once_never_corrupt_the_cache(shared_data, tmp_path):
    path = write_jsonl(tmp_path / "d.jsonl", day_rows(shared_data, 30))
    cache_path = tmp_path / "c.sqlite3"
    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(2) as pool:
        outs = pool.map(_run, [(str(cache_path), str(path))] * 2)
    assert outs[0] == outs[1]
    cache = BriefCache(cache_path)
    assert cache.integrity() == "ok"
    n_briefs = cache.db.execute("SELECT count(*) FROM briefs").fetchone()[0]
    assert n_briefs == len(json.loads(outs[0])) or n_briefs >= 20  # one row per original
    third = build_digest([str(path)], EXTRACTIVE, cache=cache).digest
    assert third["inputs"]["briefed"] == 0  # everything came from the cache


class Recording(FakeTranslator):
    """FakeTranslator that also records the texts of first (not safe-retry) calls."""

    def translate(self, texts, *, safe=False):
        if not safe:
            self.first_calls = getattr(self, "first_calls", []) + [list(texts)]
        return super().translate(texts, safe=safe)


@pytest.fixture
def fake_models(tmp_path, monkeypatch):
    toml = tmp_path / "models.toml"
    toml.write_text(TOML, encoding="utf-8")
    made: dict[str, list] = {"summarize": [], "translate": []}

    def factory(kind, cls):
        def create(spec, **opts):
            made[kind].append(cls(spec))
            return made[kind][-1]
        return create

    monkeypatch.setitem(BACKENDS["fake"], "summarize", factory("summarize", FakeSummarizer))
    monkeypatch.setitem(BACKENDS["fake"], "translate", factory("translate", Recording))
    return toml, made


def _article(k: int) -> dict:
    body = (f"أعلنت الحكومة اليوم خطة رقم {k} لإصلاح قطاع الطاقة في البلاد. "
            f"وتشمل الخطة بناء {k + 3} محطات جديدة خلال خمس سنوات. " + SHARED + " "
            "وأضاف أن المحادثات ستستأنف الأسبوع المقبل في العاصمة.")
    return {"id": f"a{k}", "title": f"خطة الطاقة {k}", "source": f"S{k}", "text": body}


def test_translations_shared_across_articles_and_runs(tmp_path, fake_models):
    toml, made = fake_models
    options = DigestOptions(BriefOptions(profile="fake", models_file=toml, claims=5))
    cache = BriefCache(tmp_path / "c.sqlite3")
    path = write_jsonl(tmp_path / "d.jsonl", [_article(k) for k in range(3)])
    digest = build_digest([str(path)], options, cache=cache).digest
    assert digest["method"]["translation"] == "fake:fake-tr"
    sent = [t for tr in made["translate"]
            for call in getattr(tr, "first_calls", []) for t in call]
    assert sum(SHARED in t for t in sent) == 1  # shared by 3 articles, translated once
    assert all(s["title_en"] for s in digest["stories"])
    n_sent = len(sent)

    write_jsonl(tmp_path / "d.jsonl", [_article(k) for k in range(4)])
    again = build_digest([str(path)], options, cache=cache).digest
    assert again["inputs"]["briefed"] == 1
    new = [t for tr in made["translate"]
            for call in getattr(tr, "first_calls", []) for t in call][n_sent:]
    assert new and not any(SHARED in t for t in new)  # from the cache across runs
    summarized = [t for call in made["summarize"][-1].calls for t in call]
    assert summarized and all("خطة رقم 3" in t for t in summarized)  # only the new article


def test_sqlite_memo_roundtrip(tmp_path):
    memo = SqliteMemo(BriefCache(tmp_path / "m.sqlite3"))
    result = TranslationResult("قال 5", "said 5", (), False, (), 1)
    memo.put_many("k", {"قال 5": result})
    assert memo.get_many("k", ["قال 5", "غير"]) == {"قال 5": result}
    assert memo.get_many("other", ["قال 5"]) == {}


def test_cli_cache_option_and_default_location(shared_data, tmp_path):
    path = write_jsonl(tmp_path / "d.jsonl", day_rows(shared_data, 4))
    runner = CliRunner()
    res = runner.invoke(app, ["brief", "-p", "extractive", "-f", "json", str(path)])
    assert res.exit_code == 0, res.output
    assert default_cache_path().is_file()  # under the test's XDG_CACHE_HOME
    assert str(default_cache_path()).startswith(str(Path.home()))
    db = tmp_path / "mine.sqlite3"
    res = runner.invoke(app, ["brief", "-p", "extractive", "-f", "json", "--cache", str(db),
                              str(path)])
    assert json.loads(res.stdout)["inputs"]["from_cache"] == 0 and db.is_file()
    res = runner.invoke(app, ["brief", "-p", "extractive", "-f", "json", "--cache", str(db),
                              str(path)])
    digest = json.loads(res.stdout)
    assert digest["inputs"]["briefed"] == 0 and all(s["continuing"] for s in digest["stories"])
    bad = tmp_path / "not.sqlite3"
    bad.write_bytes(b"this is not a database" * 100)
    res = runner.invoke(app, ["brief", "-p", "extractive", "--cache", str(bad), str(path)])
    assert res.exit_code == 3 and "cache" in res.stderr
