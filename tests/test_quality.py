"""Arabic-aware ROUGE (benchmarks/rouge_ar.py) on hand-computed cases, the budgeted
extractive summary, quality floors on the real summary sets, and the evaluation command."""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

import pytest

from ansum.arabic.segment import segment
from ansum.summary.extractive import extractive_summary, extractive_summary_words, word_count

BENCH = Path(__file__).resolve().parents[1] / "benchmarks"


@pytest.fixture(scope="module")
def bench():
    """benchmarks/ on sys.path for the module; yields (rouge_ar, quality)."""
    sys.path.insert(0, str(BENCH))
    try:
        import quality
        import rouge_ar

        yield rouge_ar, quality
    finally:
        sys.path.remove(str(BENCH))


# --- tokenizer -------------------------------------------------------------------------


def test_tokens_keep_arabic_and_normalize_both_sides(bench):
    rouge_ar, _ = bench
    got = rouge_ar.rouge_tokens("قَالَ الرئيسُ، إنّ النموّ ٣٫٥%.")
    assert got == ["قال", "الرييس", "ان", "النمو", "3.5"]
    # alef/hamza, ta marbuta and diacritics differ; the tokens do not
    assert rouge_ar.rouge_tokens("أعلنت الحكومةُ") == rouge_ar.rouge_tokens("اعلنت الحكومه")


def test_rouge_score_default_tokenizer_drops_arabic(bench):
    rouge_scorer = pytest.importorskip("rouge_score.rouge_scorer")
    tokenize = pytest.importorskip("rouge_score.tokenize")
    rouge_ar, _ = bench
    text = "قال الرئيس إن الحكومة ستعقد اجتماعا عام 2021"
    assert tokenize.tokenize(text, None) == ["2021"]  # only ASCII letters/digits survive
    scorer = rouge_scorer.RougeScorer(["rouge1"])
    assert scorer.score(text, text)["rouge1"].fmeasure == 1.0  # thanks to "2021" alone
    arabic_only = "قال الرئيس إن الحكومة ستعقد اجتماعا"
    other = "أعلن الوزير أمس عن ميزانية جديدة"
    assert scorer.score(arabic_only, arabic_only)["rouge1"].fmeasure == 0.0
    assert scorer.score(arabic_only, other)["rouge1"].fmeasure == 0.0
    toks = rouge_ar.rouge_tokens(arabic_only)
    assert rouge_ar.score(toks, [toks]) == {"rouge1": 1.0, "rouge2": 1.0, "rougeL": 1.0}


def test_stemming_is_optional(bench):
    rouge_ar, _ = bench
    cand, ref = "المدارس", "مدارس"
    assert rouge_ar.rouge_n(rouge_ar.rouge_tokens(cand), rouge_ar.rouge_tokens(ref), 1).f1 == 0.0
    stemmed = rouge_ar.rouge_n(rouge_ar.rouge_tokens(cand, stem=True),
                               rouge_ar.rouge_tokens(ref, stem=True), 1)
    assert stemmed.f1 == 1.0


# --- metrics by hand ------------------------------------------------------------------

# candidate: w1 w2 w3 w4 ; reference: w1 w2 w5 w4 w6 (w4 spelled إن / ان, w2 with harakat)
CAND = "الرئيس قَالَ اليوم إن"
REF = "الرئيس قال أمس ان الحكومة"


def test_rouge_values_computed_by_hand(bench):
    rouge_ar, _ = bench
    c, r = rouge_ar.rouge_tokens(CAND), rouge_ar.rouge_tokens(REF)
    r1 = rouge_ar.rouge_n(c, r, 1)  # 3 shared words: P 3/4, R 3/5
    assert (r1.precision, r1.recall) == (0.75, 0.6)
    assert r1.f1 == pytest.approx(2 / 3)
    r2 = rouge_ar.rouge_n(c, r, 2)  # one shared bigram (w1 w2): P 1/3, R 1/4
    assert r2.f1 == pytest.approx(2 / 7)
    rl = rouge_ar.rouge_l(c, r)  # LCS w1 w2 w4 = 3
    assert (rl.precision, rl.recall) == (0.75, 0.6)
    # clipped counts: "w w w" against "w x" matches once
    assert rouge_ar.rouge_n(["و", "و", "و"], ["و", "س"], 1).f1 == pytest.approx(0.4)
    assert rouge_ar.rouge_n([], r, 1).f1 == 0.0
    assert rouge_ar.rouge_n(["كلمه"], ["كلمه"], 2).f1 == 0.0  # no bigram on either side
    with pytest.raises(ValueError):
        rouge_ar.rouge_n(c, r, 0)


def test_multiple_references_are_averaged(bench):
    rouge_ar, _ = bench
    c = rouge_ar.rouge_tokens(CAND)
    disjoint = rouge_ar.rouge_tokens("كرة القدم مباراة النهائي")
    assert rouge_ar.score(c, [c, disjoint]) == {"rouge1": 0.5, "rouge2": 0.5, "rougeL": 0.5}
    one = rouge_ar.score(c, [rouge_ar.rouge_tokens(REF)])
    assert one["rouge1"] == pytest.approx(2 / 3) and one["rouge2"] == pytest.approx(2 / 7)
    with pytest.raises(ValueError):
        rouge_ar.score(c, [])


def _lcs_table(a, b):
    dp = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i, x in enumerate(a):
        for j, y in enumerate(b):
            dp[i + 1][j + 1] = dp[i][j] + 1 if x == y else max(dp[i][j + 1], dp[i + 1][j])
    return dp[-1][-1]


def test_bit_parallel_lcs_matches_dynamic_programming(bench):
    rouge_ar, _ = bench
    rng = random.Random(3)
    for _ in range(300):
        a = [rng.choice("abcde") for _ in range(rng.randint(0, 70))]
        b = [rng.choice("abcdef") for _ in range(rng.randint(0, 70))]
        assert rouge_ar.lcs_length(a, b) == _lcs_table(a, b)


def test_bootstrap_interval(bench):
    rouge_ar, _ = bench
    values = [0.0, 1.0] * 50  # mean 0.5, standard error 0.05
    ci = rouge_ar.bootstrap_ci(values, resamples=1000, seed=0)
    assert ci.mean == 0.5
    assert 0.39 < ci.low < 0.44 and 0.56 < ci.high < 0.61
    assert rouge_ar.bootstrap_ci(values, seed=0) == ci  # fixed seed: reproducible
    flat = rouge_ar.bootstrap_ci([0.25] * 20)
    assert (flat.mean, flat.low, flat.high) == (0.25, 0.25, 0.25)
    with pytest.raises(ValueError):
        rouge_ar.bootstrap_ci([])
    assert rouge_ar.truncate(["ا", "ب", "ج"], 2) == ["ا", "ب"]


# --- budgeted extractive summary ------------------------------------------------------

ARTICLE = (
    "أعلنت وزارة الصحة اليوم عن حملة تطعيم وطنية ضد الحصبة تشمل جميع المدارس الحكومية.\n"
    "وقالت الوزارة إن حملة التطعيم ضد الحصبة ستستمر ثلاثة أسابيع في المدارس.\n"
    "وأضافت أن الحصبة عادت إلى الانتشار بسبب تراجع نسب التطعيم في المدارس.\n"
    "من جهة أخرى افتتح محافظ المدينة حديقة عامة جديدة قرب النهر الكبير بحضور السكان.\n"
    "وتشمل حملة التطعيم الوطنية أيضا المدارس الخاصة في المحافظات الجنوبية ضد الحصبة.\n"
)


def test_summary_fills_a_word_budget():
    sents = segment(ARTICLE)
    assert word_count(sents[0].text) == 14
    assert word_count("قَالَ الرئيسُ") == 2  # harakat do not split words
    first = extractive_summary_words(sents, 5)
    assert [s.index for s in first] == [0]  # the crossing sentence is kept whole
    two = extractive_summary_words(sents, 15)
    assert len(two) == 2 and sum(word_count(s.text) for s in two) >= 15
    assert [s.index for s in two] == sorted(s.index for s in two)
    # a large budget takes every pickable sentence but the near-duplicate of the lead
    assert [s.index for s in extractive_summary_words(sents, 10_000)] == [0, 1, 2, 3]
    assert extractive_summary_words([], 10) == []
    with pytest.raises(ValueError):
        extractive_summary_words(sents, 0)


def test_run_on_sentence_is_penalized():
    run_on = "و".join(["أعلنت وزارة الصحة عن حملة تطعيم ضد الحصبة في المدارس "] * 20) + "."
    sents = segment(run_on + "\n" + ARTICLE)
    assert word_count(sents[0].text) > 150
    assert [s.index for s in extractive_summary(sents, 1)] != [0]


# --- real data ------------------------------------------------------------------------


def _mean_scores(bench, docs, system, k):
    rouge_ar, quality = bench
    rows = []
    for doc in docs:
        budget = quality.budget_of(doc)
        text = " ".join(system(doc, budget, k))
        cand = rouge_ar.truncate(rouge_ar.rouge_tokens(text), budget)
        rows.append(rouge_ar.score(cand, [rouge_ar.rouge_tokens(r) for r in doc.refs]))
    return {m: 100 * sum(r[m] for r in rows) / len(rows) for m in rouge_ar.METRICS}


def test_quality_floors_on_easc_and_bbc(bench, shared_data):
    """Floors about one point under the 2026-11-29 run (EASC 52.2/44.3/47.5 at the
    references' mean length; BBC 57.1/44.6/54.3 at one sentence); deterministic."""
    _, quality = bench
    easc = quality.load(quality.Task("easc", shared_data / "sum" / "easc.jsonl", None), None)
    assert len(easc) == 153
    got = _mean_scores(bench, easc, quality.ansum_system, None)
    assert got["rouge2"] > 43.3 and got["rougeL"] > 46.5, got
    bbc = quality.load(quality.Task("bbc", shared_data / "sum" / "ant_bbc_arabic.jsonl", 1), 150)
    got = _mean_scores(bench, bbc, quality.ansum_system, 1)
    lead = _mean_scores(bench, bbc, quality.lead(1), 1)
    assert got["rougeL"] > lead["rougeL"] - 1.0, (got, lead)


def test_evaluation_command_json_and_markdown(bench, shared_data, monkeypatch, capsys):
    _, quality = bench
    for name, task in list(quality.TASKS.items()):
        moved = quality.Task(task.name, shared_data / "sum" / task.path.name, task.k)
        monkeypatch.setitem(quality.TASKS, name, moved)
    assert quality.main(["--dataset", "all", "--limit", "3", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["references_combined_by"] == "mean of per-reference F1"
    easc, bbc = report["datasets"]["easc"], report["datasets"]["bbc"]
    assert easc["documents"] == 3 and bbc["documents"] == 3 and bbc["sentences"] == "1"
    for res in (easc, bbc):
        for name in ("Lead-1", "Lead-3", "Random-3", "ansum"):
            for key in ("unstemmed", "stemmed"):
                for ci in res["systems"][name][key].values():
                    assert 0.0 <= ci["low"] <= ci["mean"] <= ci["high"] <= 100.0
    assert "Lead (budget)" in easc["systems"] and "Lead (budget)" not in bbc["systems"]
    assert quality.main(["--dataset", "bbc", "--limit", "2"]) == 0
    out = capsys.readouterr().out
    assert "| ansum |" in out and "ROUGE-2" in out
    with pytest.raises(SystemExit):
        quality.main(["--limit", "0"])


# --- translation metrics --------------------------------------------------------------


@pytest.mark.neural
def test_translation_metrics_on_a_tiny_model(bench, shared_data, tiny_models_toml, capsys):
    """The path only: a random-weight model's BLEU means nothing."""
    _, quality = bench
    import mt_eval

    pairs = mt_eval.load_pairs(mt_eval.MTTask("flores", shared_data / "mt" / mt_eval.MT_TASKS[
        "flores"].path.name), 3)
    assert len(pairs) == 3 and all(ar and en for ar, en in pairs)
    translator = mt_eval.make_translator("tiny-marian", models_file=tiny_models_toml,
                                         device="cpu", offline=True)
    res = mt_eval.evaluate_mt(translator, pairs)
    assert res["segments"] == 3 and res["translator"].startswith("transformers:")
    assert 0.0 <= res["bleu"]["score"] <= 100.0 and 0.0 <= res["chrf++"]["score"] <= 100.0
    assert "nrefs:1" in res["bleu"]["signature"] and "nw:2" in res["chrf++"]["signature"]
    # a perfect "translator" scores 100 on both metrics
    echo = [(en, en) for _, en in pairs]
    fake = mt_eval.evaluate_mt(_Echo(), echo)
    assert fake["bleu"]["score"] == pytest.approx(100.0)
    assert fake["chrf++"]["score"] == pytest.approx(100.0)
    # the command, by profile name ("tiny-nllb" pairs tiny-mt5 with tiny-nllb)
    argv = ["--dataset", "mt", "--limit", "2", "--translator", "tiny-nllb", "--models",
            str(tiny_models_toml), "--device", "cpu", "--offline", "--json"]
    assert quality.main(argv) == 0
    report = json.loads(capsys.readouterr().out)
    assert set(report["translation"]) == {"flores", "ntrex"}
    assert report["translation"]["ntrex"]["segments"] == 2
    assert report["datasets"] == {}
    assert quality.main(["--dataset", "mt", "--translator", "nope", "--models",
                         str(tiny_models_toml)]) == 6  # ConfigError's exit status
    assert "unknown translator 'nope'" in capsys.readouterr().err


class _Echo:
    """A translator that returns its input (for a 100-point sanity check)."""

    name = "echo"
    max_input_tokens = 512

    def count_tokens(self, text: str) -> int:
        return len(text.split())

    def translate(self, texts: list[str], *, safe: bool = False) -> list[str]:
        return list(texts)
