"""Daily-brief ("digest") dicts built by hand, in the shape of /docs (ansum brief --format
json), for the renderer tests (tests/test_digest_render.py, tests/test_browser.py).

:func:`strikes_digest` uses real records of ../shared/data/days/2018-04-14.jsonl (ids,
sources, titles, URLs, times and sentences as the sites published them, figures as the
gold file lists them); :func:`hostile_digest` is literal text full of escape sequences,
markup and bidi controls.
"""

from __future__ import annotations

import json
from pathlib import Path

#: A page address of 600+ characters, percent-encoded, as sites write Arabic slugs.
LONG_URL = ("http://www.assabah.com.tn/article/164913/"
            + "%D8%A7%D9%84%D9%86%D8%A7%D8%B4%D8%B7-" * 20)

_STRIKE_IDS = ("CN-middleEast-617-20180414", "BB-middleEast-346-20180414",
               "SK-middleEast-1023-20180414", "FR-internationalNews-729-20180414")


def records(day: Path, ids: tuple[str, ...]) -> dict[str, dict]:
    """The JSON Lines records of ``day`` whose ``id`` is in ``ids``, with ``line`` added."""
    found = {}
    with day.open(encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            record = json.loads(line)
            if record.get("id") in ids:
                found[record["id"]] = {**record, "line": n}
    assert set(found) == set(ids), set(ids) - set(found)
    return found


def sentence_with(text: str, needle: str) -> str:
    """The first sentence (split at "." and newlines) of ``text`` containing ``needle``."""
    for piece in text.replace("\n", ".").split("."):
        if needle in piece:
            return piece.strip() + "."
    raise AssertionError(f"{needle!r} not in the text")


def _article(r: dict, duplicate_of: str | None = None) -> dict:
    return {"id": r["id"], "source": r["source"], "title": r["title"], "url": r["url"],
            "date": r["time"], "duplicate_of": duplicate_of}


def _report(r: dict, value: str, text: str, speaker: str | None) -> dict:
    return {"value": value, "text": text, "speaker": speaker, "source": r["source"],
            "article_id": r["id"], "sentence": sentence_with(r["text"], text)}


def strikes_digest(day: Path) -> dict:
    """Two stories of 14 April 2018: the strikes on Syria (4 real articles from 4 sites,
    the figures compared as the sources give them) and a singleton."""
    cnn, bbc, sky, f24 = (records(day, _STRIKE_IDS)[i] for i in _STRIKE_IDS)
    single = next(iter(records(day, ("BB-internationalNews-332-20180414",)).values()))
    syrian = sentence_with(cnn["text"], "110 صواريخ")
    russian = sentence_with(f24["text"], "103 صواريخ")
    strikes = {
        "id": "s-3f2a9c1e", "title": cnn["title"], "title_en": None, "continuing": False,
        "first_seen": None, "time": "2018-04-14T07:09:45Z",
        "sources": [cnn["source"], bbc["source"], sky["source"], f24["source"]],
        "articles": [_article(cnn), _article(bbc), _article(sky), _article(f24)],
        "summary": {"article_id": cnn["id"], "method": "extractive",
                    "ar": [syrian, sentence_with(bbc["text"], "110 صواريخ")], "en": None},
        "claims": [
            {"text": syrian, "text_en": None, "speaker": "القيادة العامة للقوات المسلحة السورية",
             "speaker_en": None, "inherited_speaker": False,
             "figures": [{"text": "110 صواريخ", "kind": "number", "en": "110 missiles"}],
             "sources": [cnn["source"], bbc["source"]], "article_ids": [cnn["id"], bbc["id"]]},
            {"text": russian, "text_en": None, "speaker": "الجيش الروسي", "speaker_en": None,
             "inherited_speaker": False,
             "figures": [{"text": "103 صواريخ", "kind": "number", "en": "103 missiles"}],
             "sources": [f24["source"], sky["source"]], "article_ids": [f24["id"], sky["id"]]},
            {"text": sentence_with(f24["text"], "بالمجموع"), "text_en": None,
             "speaker": "سيرغي رودسكوي", "speaker_en": "Sergei Rudskoy", "inherited_speaker": True,
             "figures": [], "sources": [f24["source"]], "article_ids": [f24["id"]]},
        ],
        "figures_compared": [
            {"key": "number:صرخ", "kind": "number", "noun": "صواريخ", "reports": [
                _report(cnn, "110", "110 صواريخ", "القيادة العامة للقوات المسلحة السورية"),
                _report(bbc, "110", "110 صواريخ", "القيادة العامة للجيش السوري"),
                _report(f24, "103", "103 صواريخ", "الجيش الروسي"),
                _report(sky, "103", "103 صواريخ", None),
            ]},
        ],
    }
    lone = {
        "id": "s-0b71d2aa", "title": single["title"], "title_en": "Trump orders strikes on Syria",
        "continuing": True, "first_seen": "2018-04-13", "time": "2018-04-14T02:49:02Z",
        "sources": [single["source"]], "articles": [_article(single)],
        "summary": {"article_id": single["id"], "method": "extractive",
                    "ar": [sentence_with(single["text"], "أوامره"),
                           sentence_with(single["text"], "تيريزا ماي")],
                    "en": ["US President Donald Trump said he had ordered strikes on Syria.",
                           None]},
        "claims": [], "figures_compared": [],
    }
    return _envelope([strikes, lone], paths=[str(day)], articles=5)


def _envelope(stories: list[dict], *, paths: list[str], articles: int,
              warnings: list[str] | None = None, skipped: list[dict] | None = None) -> dict:
    return {
        "schema_version": "1.0", "generated_at": "2026-12-02T17:05:00Z", "ansum_version": "0.1.0",
        "inputs": {"paths": paths, "articles": articles, "duplicates": 1,
                   "stories": len(stories), "from_cache": 0, "briefed": articles - 1,
                   "skipped": skipped or []},
        "method": {"profile": "extractive", "summary": "extractive", "translation": None,
                   "warnings": warnings or []},
        "stories": stories,
    }


ESC_TITLE = "\x1b[2J\x1b]52;c;ZXZpbA==\x07عنوان \u202eمقلوب\u202c <script>alert(1)</script>"
MD_TITLE = "# *نجمة* _x_ [رابط](javascript:alert(1)) `code` | pipe"


def hostile_digest() -> dict:
    """Three stories whose every text field tries to become markup or terminal control."""
    first = {
        "id": "s-aa11bb22", "title": ESC_TITLE, "title_en": "<b>bold</b> \x1b[31mred",
        "continuing": False, "first_seen": None, "time": None,
        "sources": ["CNN|BBC", "\x1b]8;;http://evil\x07Sky\x1b]8;;\x07"],
        "articles": [
            {"id": "a.jsonl:1|`x`", "source": "CNN|BBC", "title": "<img src=x onerror=alert(1)>",
             "url": LONG_URL, "date": "2018-04-14T09:12:00Z", "duplicate_of": None},
            {"id": "a.jsonl:2", "source": "\x1b]8;;http://evil\x07Sky\x1b]8;;\x07",
             "title": "عنوان مكرر", "url": "javascript:alert(1)", "date": None,
             "duplicate_of": "a.jsonl:1|`x`"},
        ],
        "summary": {"article_id": "a.jsonl:1|`x`", "method": "extractive",
                    "ar": ["جملة أولى \x1b[1mغامقة", "- جملة ثانية <i>مائلة</i>"],
                    "en": ["First \x9b31m sentence & <u>more</u>."]},
        "claims": [
            {"text": "قال المتحدث | \"الناطق\" إن 110 صواريخ أطلقت \u2066<script>\u2069.",
             "text_en": "The speaker said 110 missiles were fired <script>.",
             "speaker": "<b>المتحدث</b>|الناطق", "speaker_en": "**Speaker**",
             "inherited_speaker": False,
             "figures": [{"text": "110 صواريخ", "kind": "number", "en": "110 missiles"}],
             "sources": ["CNN|BBC"], "article_ids": ["a.jsonl:1|`x`"]},
            {"text": "وأضاف أن 71 صاروخا اعترضت.", "text_en": None, "speaker": "ريابكوف",
             "speaker_en": "Ryabkov", "inherited_speaker": True,
             "figures": [{"text": "71 صاروخا", "kind": "number", "en": "71 missiles"}],
             "sources": ["Sky"], "article_ids": ["a.jsonl:2"]},
        ],
        "figures_compared": [
            {"key": "number:صرخ", "kind": "number", "noun": "صاروخ|<x>", "reports": [
                {"value": "110", "text": "110 صواريخ", "speaker": "<b>المتحدث</b>|الناطق",
                 "source": "CNN|BBC", "article_id": "a.jsonl:1|`x`", "sentence": "…"},
                {"value": "71", "text": "71 صاروخا", "speaker": None,
                 "source": "\x1b[31mSky", "article_id": "a.jsonl:2", "sentence": "…"},
            ]},
        ],
    }
    second = {
        "id": "s-cc33dd44", "title": MD_TITLE, "title_en": None, "continuing": False,
        "first_seen": None, "time": "2018-04-14T10:00:00Z", "sources": ["Ahram"],
        "articles": [{"id": "b.txt", "source": "Ahram", "title": MD_TITLE, "url": None,
                      "date": None, "duplicate_of": None}],
        "summary": {"article_id": "b.txt", "method": "extractive", "ar": ["1. ليست قائمة"],
                    "en": None},
        "claims": [], "figures_compared": [],
    }
    third = {  # an id that is not a safe anchor, and an empty story
        "id": "\"><script>x</script>", "title": "", "title_en": None, "continuing": False,
        "first_seen": None, "time": None, "sources": [], "articles": [],
        "summary": {"article_id": None, "method": None, "ar": [], "en": None},
        "claims": [], "figures_compared": [],
    }
    return _envelope([first, second, third], paths=["a.jsonl", "\x1b[2Jb.txt"], articles=3,
                     warnings=["translator \x1b[5mmissing"],
                     skipped=[{"where": "a.jsonl:17", "reason": "line is not JSON <x>"}])
