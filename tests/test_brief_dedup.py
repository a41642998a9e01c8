"""Exact and near duplicates on constructed texts; MinHash properties."""

from __future__ import annotations

import random

import pytest

from ansum.brief.dedup import DedupOptions, find_duplicates
from ansum.brief.features import article_features, parse_time
from ansum.brief.minhash import EMPTY, candidate_pairs, resemblance, shingles, signature

WORDS = (
    "قال الرئيس إن القوات أطلقت صواريخ على مواقع في دمشق وحمص ردا على هجوم كيماوي مزعوم "
    "وأكدت وزارة الدفاع أن الضربات أصابت أهدافها بينما نفت الحكومة وقوع خسائر كبيرة في "
    "الأرواح وقالت إن الدفاعات الجوية تصدت لمعظم الصواريخ فوق العاصمة والمطار العسكري"
).split()


def text(seed: int, n: int = 300) -> str:
    rng = random.Random(seed)
    return " ".join(rng.choice(WORDS) for _ in range(n))


def test_signature_estimates_jaccard():
    a = shingles(text(1).split())
    b = set(list(a)[: len(a) * 3 // 4])
    true = len(a & b) / len(a | b)
    assert abs(resemblance(signature(a), signature(b)) - true) < 0.2
    assert resemblance(signature(a), signature(a)) == 1.0


def test_empty_signature_matches_nothing():
    assert signature([]) == EMPTY
    assert resemblance(EMPTY, EMPTY) == 0.0
    assert candidate_pairs([(0, EMPTY), (1, EMPTY)]) == set()


def test_candidate_pairs_rejects_too_many_bands():
    with pytest.raises(ValueError):
        candidate_pairs([], bands=65, rows=1)


def test_exact_near_and_distinct():
    base = text(1)
    words = base.split()
    edited = " ".join(words[:150] + ["وأضاف", "المتحدث"] + words[150:])  # a word pair inserted
    diacritics = base.replace("قال", "قَالَ", 1)  # normalizes to the same text
    feats = [
        article_features("orig", "عنوان", base, time_s=parse_time("Sat, 14 Apr 2018 02:49:02 GMT")),
        article_features("copy", "عنوان آخر", diacritics, time_s=parse_time("2018-04-14T05:00:00")),
        article_features("edit", "", edited, time_s=None),
        article_features("other", "عنوان", text(2)),
    ]
    dups = find_duplicates(feats)
    assert dups == {"copy": "orig", "edit": "orig"}


def test_original_is_earliest():
    body = text(3)
    feats = [
        article_features("late", "", body, time_s=200.0),
        article_features("early", "", body, time_s=100.0),
    ]
    assert find_duplicates(feats) == {"late": "early"}


def test_threshold_option_and_short_texts():
    short = "قال الرئيس إن القوات أطلقت صواريخ"
    feats = [article_features("a", "", short + " على دمشق"), article_features("b", "", short)]
    assert find_duplicates(feats) == {}  # under min_words: exact duplicates only
    assert find_duplicates(feats, DedupOptions(min_words=1, near_threshold=0.3)) == {"b": "a"}


def test_duplicate_ids_rejected():
    f = article_features("x", "", "نص")
    with pytest.raises(ValueError):
        find_duplicates([f, f])


def test_parse_time():
    assert parse_time("Sat, 14 Apr 2018 22:20:02 +0400") == parse_time("2018-04-14T18:20:02+00:00")
    assert parse_time("") is None and parse_time("not a date") is None
