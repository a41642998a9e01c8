"""The cross-article path (ansum.batch) with fake backends: same briefs as one article at a
time, one summarize call per round for a window, each distinct sentence translated once,
failures reported alike, Ctrl-C stops without writing."""

from __future__ import annotations

import _thread
import threading
from dataclasses import replace
from pathlib import Path

import pytest
from tinymodels import corpus_lines
from typer.testing import CliRunner

from ansum import cli
from ansum.backends import BACKENDS
from ansum.backends.fake import FakeSummarizer, FakeTranslator
from ansum.batch import Interruptible, build_briefs, call_interruptibly, iter_briefs_batched
from ansum.errors import AnsumError, InputError
from ansum.pipeline import iter_briefs
from ansum.runtime import BriefOptions, Runtime
from ansum.schema import Brief
from ansum.translation.memo import (
    ChainMemo,
    DictMemo,
    TranslationMemo,
    result_from_record,
    result_record,
    translate_memoized,
    translator_key,
)
from ansum.translation.translate import translate_segments

TOML = """
[models.fake-tr]
task = "translate"
backend = "fake"
family = "marian"
license = "test"
max_input_tokens = 12

[models.fake-sum]
task = "summarize"
backend = "fake"
family = "mt5"
license = "test"
max_input_tokens = 30

[profiles.fake]
summarizer = "fake-sum"
translator = "fake-tr"
"""

ARABIC = [line for line in corpus_lines(200) if any("\u0600" <= c <= "\u06ff" for c in line)]


def make_articles(n: int = 20) -> list[str]:
    """``n`` article texts: varied lengths (1 to 14 sentences: too short for an abstractive
    summary, one chunk, several chunks, reduce rounds), sentences shared between articles
    (agency copy), one in English, one a near-duplicate of another."""
    texts = []
    for k in range(n):
        size = [1, 3, 5, 8, 14][k % 5]
        start = (k * 3) % 60  # overlapping slices: neighbours share sentences
        body = ARABIC[start:start + size]
        texts.append(f"عنوان الخبر رقم {k}\n\n" + "\n".join(body))
    texts[7] = ("Ministers met on Thursday to discuss the budget. The talks lasted six hours. "
                "No agreement was reached, officials said. A new round is planned next week.")
    texts[12] = texts[11] + "\nوقال المتحدث إن الاجتماع انتهى."
    return texts


class Recording(FakeTranslator):
    """FakeTranslator that also records the texts of first (not safe-retry) calls."""

    def translate(self, texts, *, safe=False):
        if not safe:
            self.first_calls = getattr(self, "first_calls", []) + [list(texts)]
        return super().translate(texts, safe=safe)


@pytest.fixture
def fake_models(tmp_path, monkeypatch):
    """(models.toml path, list of summarizers made, list of translators made)."""
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
    return toml, made["summarize"], made["translate"]


@pytest.fixture
def sources(tmp_path) -> list[str]:
    paths = []
    for i, text in enumerate(make_articles()):
        paths.append(tmp_path / f"{i:02d}.txt")
        paths[-1].write_text(text, encoding="utf-8")
    return [str(p) for p in paths]


def comparable(results) -> list:
    """``(source, brief without timings | error line)`` for each result."""
    return [(s, replace(r, timings_s={}) if isinstance(r, Brief) else r.one_line())
            for s, r in results]


def test_fake_articles_cover_the_cases(fake_models, sources):
    toml, _, _ = fake_models
    briefs = [b for _, b in iter_briefs(sources, BriefOptions(models_file=toml, profile="fake"))]
    rounds = [s.detail for b in briefs for s in b.stages if s.name == "summary"]
    assert "sentences=3" in rounds  # extractive for a short article
    assert "rounds=1" in rounds and any(r in rounds for r in ("rounds=2", "rounds=3"))
    assert any(b.english == "none" and b.meta.language == "en" for b in briefs)
    assert any(c.en_speaker is not None for b in briefs for c in b.claims)


@pytest.mark.parametrize("window", [1, 3, 7, 20, 64])
def test_batched_briefs_equal_per_article_briefs(fake_models, sources, window):
    toml, _, _ = fake_models
    options = BriefOptions(models_file=toml, profile="fake")
    one = comparable(iter_briefs(sources, options))
    many = comparable(iter_briefs_batched(sources, options, batch_articles=window))
    assert [s for s, _ in many] == sources
    assert many == one


def test_one_summarize_call_per_round_for_the_whole_window(fake_models, sources):
    toml, summarizers, _ = fake_models
    options = BriefOptions(models_file=toml, profile="fake")
    list(iter_briefs(sources, options))
    per_article_calls = len(summarizers[-1].calls)
    briefs = [b for _, b in iter_briefs_batched(sources, options, batch_articles=20)]
    rounds = max(int(s.detail.split("=")[1]) for b in briefs for s in b.stages
                 if s.name == "summary" and s.detail.startswith("rounds="))
    assert len(summarizers[-1].calls) == rounds < per_article_calls
    first = summarizers[-1].calls[0]
    assert len(first) == sum(s.chunks for b in briefs for s in b.stages
                             if s.name == "summary" and s.detail.startswith("rounds="))


def test_a_sentence_in_several_articles_is_translated_once_per_run(fake_models, sources):
    toml, _, translators = fake_models
    options = BriefOptions(models_file=toml, profile="fake")
    briefs = [b for _, b in iter_briefs_batched(sources, options, batch_articles=20)]
    sent = [t for call in translators[-1].first_calls for t in call]
    assert len(sent) == len(set(sent))  # one window: every model input once
    memo = DictMemo()
    list(iter_briefs_batched(sources, options, batch_articles=4, memo=memo))
    assert memo.misses == len(memo) and memo.hits > 0  # windows: every segment once
    english = [s.ar for b in briefs for s in b.summary] + [c.text for b in briefs for c in b.claims]
    assert len(english) > len(set(english))  # some sentences do repeat across articles
    # per article: the repeats are translated again
    list(iter_briefs(sources, options))
    again = [t for call in translators[-1].first_calls for t in call]
    assert len(again) > len(set(again))


class RecordStore:
    """A persistent-memo stand-in: JSON-able records in a dict, as a SQLite table would
    hold them (``TranslationMemo`` over ``result_record``/``result_from_record``)."""

    def __init__(self) -> None:
        self.rows: dict[tuple[str, str], dict] = {}

    def get_many(self, key, sources):
        return {s: result_from_record(self.rows[(key, s)]) for s in sources
                if (key, s) in self.rows}

    def put_many(self, key, results):
        for source, result in results.items():
            self.rows[(key, source)] = result_record(result)


def test_a_persistent_memo_serves_the_next_run(fake_models, sources):
    toml, _, translators = fake_models
    options = BriefOptions(models_file=toml, profile="fake")
    store = RecordStore()
    assert isinstance(store, TranslationMemo) and isinstance(DictMemo(), TranslationMemo)
    first = comparable(iter_briefs_batched(sources, options, memo=ChainMemo(DictMemo(), store)))
    assert translators[-1].calls and store.rows
    second = comparable(iter_briefs_batched(sources, options, memo=ChainMemo(DictMemo(), store)))
    assert translators[-1].calls == []  # a new run, a new translator: nothing sent
    assert second == first == comparable(iter_briefs(sources, options))


def test_memo_results_equal_fresh_ones_and_keys_name_the_settings():
    segments = ["قال الوزير إن 5 أشخاص أصيبوا.", "", "12", "قال الوزير إن 5 أشخاص أصيبوا.",
                "وأضاف أن الاجتماع سيعقد يوم الخميس."]
    fresh = translate_segments(segments, FakeTranslator(failure="drop_figures", fail_on="5"))
    memo = DictMemo()
    translator = FakeTranslator(failure="drop_figures", fail_on="5")
    assert translate_memoized(segments, translator, memo) == fresh
    assert translate_memoized(segments[:2], translator, memo) == fresh[:2]
    assert memo.hits == 2 and len(memo) == 4
    assert [result_from_record(result_record(r)) for r in fresh] == fresh
    assert fresh[0].missing_figures == () and fresh[0].retried
    from ansum.config import load_config

    spec = load_config().models["opus-mt-ar-en"]
    a, b = FakeTranslator(spec), FakeTranslator(replace(spec, revision="other"))
    assert translator_key(a) == translator_key(FakeTranslator(spec)) != translator_key(b)


def test_a_failing_translator_is_reported_as_one_article_at_a_time(fake_models, sources,
                                                                    monkeypatch):
    toml, _, _ = fake_models
    monkeypatch.setitem(BACKENDS["fake"], "translate",
                        lambda spec, **o: FakeTranslator(spec, failure="error"))
    options = BriefOptions(models_file=toml, profile="fake")
    one = comparable(iter_briefs(sources, options))
    many = comparable(iter_briefs_batched(sources, options, batch_articles=6))
    assert many == one
    warnings = [w for _, b in many for w in b.warnings if "transl" in w]
    assert warnings[0].startswith("translation failed") and \
        warnings[-1].startswith("translator unavailable")


def test_unreadable_sources_keep_their_place(fake_models, sources, tmp_path):
    toml, _, _ = fake_models
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    mixed = [sources[0], str(tmp_path / "missing.txt"), sources[3], str(empty), sources[4]]
    options = BriefOptions(models_file=toml, profile="fake")
    many = comparable(iter_briefs_batched(mixed, options, batch_articles=2))
    assert many == comparable(iter_briefs(mixed, options))
    assert [isinstance(r, str) for _, r in many] == [False, True, False, True, False]


def test_build_briefs_returns_errors_in_place():
    from ansum.input.read import article_from_text

    good = article_from_text("\n".join(ARABIC[:6]), name="good")
    bad = replace(good, name="bad", body="   ")
    runtime = Runtime(BriefOptions(profile="extractive"))
    out = build_briefs([good, bad, good], BriefOptions(profile="extractive"), runtime)
    assert isinstance(out[0], Brief) and isinstance(out[1], InputError)
    assert replace(out[0], timings_s={}) == replace(out[2], timings_s={})


# --- Ctrl-C -------------------------------------------------------------------------


class InterruptingTranslator(FakeTranslator):
    """Raises KeyboardInterrupt on its second call, as Ctrl-C in the middle of a run."""

    def translate(self, texts, *, safe=False):
        if len(self.calls) == 1:
            raise KeyboardInterrupt
        return super().translate(texts, safe=safe)


def test_ctrl_c_in_the_middle_stops_and_writes_nothing(fake_models, sources, tmp_path,
                                                       monkeypatch):
    toml, _, _ = fake_models
    monkeypatch.setitem(BACKENDS["fake"], "translate",
                        lambda spec, **o: InterruptingTranslator(spec))
    out = tmp_path / "briefs.jsonl"
    args = ["summarize", "--models", str(toml), "--profile", "fake", "--format", "json"]
    result = CliRunner().invoke(cli.app, [*args, "--out", str(out), *sources])
    assert result.exit_code == 130, result.output
    assert "interrupted" in result.stderr and "Traceback" not in result.output
    assert not out.exists() and list(tmp_path.glob(".briefs.jsonl.*")) == []
    result = CliRunner().invoke(cli.app, [*args, *sources])
    assert result.exit_code == 130 and result.stdout == ""


def test_several_inputs_take_the_batched_path(fake_models, sources, monkeypatch):
    toml, summarizers, _ = fake_models
    result = CliRunner().invoke(cli.app, ["summarize", "--models", str(toml), "--profile",
                                          "fake", "--format", "json", *sources[:6]])
    assert result.exit_code == 0, result.output
    assert len(result.stdout.splitlines()) == 6
    assert len(summarizers[-1].calls[0]) > 3  # the chunks of several articles in one call
    result = CliRunner().invoke(cli.app, ["summarize", "--models", str(toml), "--profile",
                                          "fake", "--batch-articles", "1", *sources[:6]])
    assert result.exit_code == 0 and len(summarizers[-1].calls[0]) <= 3


def test_a_blocked_model_call_gives_way_to_ctrl_c():
    release = threading.Event()
    started = threading.Event()

    class Stuck(FakeSummarizer):
        def summarize(self, texts):  # like a long CTranslate2 call: no Python in between
            started.set()
            release.wait(30)
            return super().summarize(texts)

    def interrupt():
        started.wait(30)
        _thread.interrupt_main()

    threading.Thread(target=interrupt, daemon=True).start()
    with pytest.raises(KeyboardInterrupt):
        Interruptible(Stuck()).summarize(["نص."])
    assert not release.is_set()  # interrupted while the model call was still running
    release.set()
    assert call_interruptibly(lambda: 42) == 42  # the next call waits for the old one


def test_errors_of_the_model_call_reach_the_caller():
    with pytest.raises(AnsumError, match="injected"):
        Interruptible(FakeTranslator(failure="error")).translate(["نص"])
    with pytest.raises(ValueError):
        list(iter_briefs_batched([Path("x").name], batch_articles=0))


class Flaky(FakeSummarizer):
    """Empty summaries for chunks holding ``empty_on``; BackendError from call ``fail_at``
    (0: the first call, whose failure the per-article path also sees first)."""

    empty_on = ARABIC[24][:20]  # in article 8 only
    fail_at: int | None = None

    def summarize(self, texts):
        if self.fail_at is not None and len(self.calls) == self.fail_at:
            self.calls.append(list(texts))
            from ansum.errors import BackendError

            raise BackendError("injected summarizer failure")
        out = super().summarize(texts)
        return ["" if self.empty_on in t else s for t, s in zip(texts, out, strict=True)]


@pytest.mark.parametrize("fail_at", [None, 0])
def test_summarizer_failures_are_reported_as_one_article_at_a_time(fake_models, sources,
                                                                    monkeypatch, fail_at):
    toml, _, _ = fake_models
    monkeypatch.setattr(Flaky, "fail_at", fail_at)
    monkeypatch.setitem(BACKENDS["fake"], "summarize", lambda spec, **o: Flaky(spec))
    options = BriefOptions(models_file=toml, profile="fake")
    one = comparable(iter_briefs(sources, options))
    many = comparable(iter_briefs_batched(sources, options, batch_articles=20))
    assert many == one
    warnings = [w for _, b in one for w in b.warnings]
    if fail_at is None:  # per-article warnings about the chunks of that article
        assert "1 of 3 chunk summaries came back empty" in warnings
    else:
        fallbacks = [w for w in warnings if w.startswith("abstractive summary")]
        assert fallbacks[0].startswith("abstractive summary failed")
        assert fallbacks[-1].startswith("abstractive summary unavailable")
