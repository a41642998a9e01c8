"""Failure-mode guards (ansum.translation.guards): hand-made positives and negatives, and real
reference translations from FLORES-200 that must pass."""

from __future__ import annotations

import json

import pytest

from ansum.translation.guards import (
    FLAGS,
    MAX_EN_AR_RATIO,
    MIN_EN_AR_RATIO,
    check_translation,
    dropped_content,
    repetition,
    sentinel_token,
    too_long,
    wrong_language,
)

AR = "قال المتحدث باسم الكرملين إن الرئيسين سيتحدثان هاتفيا يوم الخميس المقبل."
EN = "The Kremlin spokesman said the two presidents would speak by phone next Thursday."


def test_good_translation_passes_every_guard():
    assert check_translation(AR, EN) == []


@pytest.mark.parametrize(
    "output",
    [
        "The the the Kremlin spokesman said.",
        "The spokesman said that that that the presidents would speak.",
        "of the city of the city of the city",
        "He said the talks, the talks, the talks, the talks were good.",
    ],
)
def test_repetition_positive(output):
    assert repetition(AR, output) == "repetition"


@pytest.mark.parametrize(
    "output",
    [
        EN,
        "He said very, very clearly that talks would go on.",  # a word twice is fine
        "The talks of the day and the talks of the night.",  # a 3-gram twice is fine
    ],
)
def test_repetition_negative(output):
    assert repetition(AR, output) is None


def test_repetition_exempt_when_the_source_repeats():
    source = "لا، لا، لا، لا، لا."
    assert repetition(source, "No, no, no, no, no.") is None
    assert repetition("قال لا.", "No, no, no, no, no.") == "repetition"


def test_too_long_positive_and_negative():
    assert too_long(AR, EN) is None
    assert too_long(AR, EN * 4) == "too-long"
    assert too_long("نعم", "Yes, indeed") is None  # slack for one-word sources
    # the bound is MAX_EN_AR_RATIO x source characters (+ slack)
    assert too_long("ا" * 100, "x" * int(100 * MAX_EN_AR_RATIO)) is None


def test_dropped_content_positive_and_negative():
    assert dropped_content(AR, EN) is None
    assert dropped_content(AR, "The Kremlin said.") == "dropped-content"
    assert dropped_content(AR, "") == "dropped-content"
    assert dropped_content(AR, "   ") == "dropped-content"
    assert dropped_content("الولايات المتحدة", "US") is None  # short source: not checked
    assert dropped_content("", "") is None
    assert dropped_content("ا" * 100, "x" * int(100 * MIN_EN_AR_RATIO)) is None


@pytest.mark.parametrize(
    "output",
    [
        "<extra_id_0> The spokesman said.",
        "The spokesman <pad> said.",
        "He said <unk> today",
        "He said.</s>",
        "\u2581The \u2581spokesman said",
        "__en__ He said",
        "eng_Latn He said",
        "en_XX He said",
    ],
)
def test_sentinel_positive(output):
    assert sentinel_token(AR, output) == "sentinel-token"


@pytest.mark.parametrize(
    "output", [EN, "Use <b>bold</b> text", "The pad was sold", "Price < 5 and > 2"]
)
def test_sentinel_negative(output):
    assert sentinel_token(AR, output) is None


def test_wrong_language_positive_and_negative():
    assert wrong_language(AR, AR) == "wrong-language"  # copied source
    assert wrong_language(AR, "Kremlin: " + AR) == "wrong-language"  # mostly Arabic
    assert wrong_language(AR, "12 34 ...") == "wrong-language"  # no Latin letters
    assert wrong_language(AR, EN) is None
    assert wrong_language(AR, EN + " (الكرملين)") is None  # a little Arabic is fine
    assert wrong_language("2021", "2021") is None  # number-only source
    assert wrong_language(AR, "") is None  # empty is dropped-content's business


def test_check_translation_reports_flags_in_order_once():
    flags = check_translation(AR, "<pad> " + "كلمة " * 40)
    assert flags == [f for f in FLAGS if f in flags]
    assert flags == ["sentinel-token", "repetition", "wrong-language"]
    assert check_translation(AR, "") == ["dropped-content"]


def test_flores_references_pass_the_guards(shared_data):
    path = shared_data / "mt" / "flores200_devtest_arb_eng.jsonl"
    with path.open(encoding="utf-8") as fh:
        rows = [json.loads(line) for _, line in zip(range(300), fh, strict=False)]
    assert len(rows) == 300
    passed = sum(not check_translation(r["ar"], r["en"]) for r in rows)
    assert passed / len(rows) >= 0.98


def test_flores_ratio_thresholds_lie_outside_real_ratios(shared_data):
    path = shared_data / "mt" / "flores200_devtest_arb_eng.jsonl"
    with path.open(encoding="utf-8") as fh:
        ratios = sorted(len(r["en"]) / len(r["ar"]) for r in map(json.loads, fh))
    p1, p99 = ratios[len(ratios) // 100], ratios[len(ratios) * 99 // 100]
    assert 0.7 < p1 < 0.85 and 1.5 < p99 < 1.75  # the measured 0.77 / 1.64
    assert MIN_EN_AR_RATIO < p1 / 2 and MAX_EN_AR_RATIO > p99 * 1.5
