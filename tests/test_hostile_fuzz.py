"""Fuzzing the input stage (issue 12, "Also"): bytes → decoded, extracted, cleaned,
segmented article.  Every case must end in an :class:`~ansum.Article` or an
``AnsumError`` whose exit status is not 1 (no traceback, no internal error), within
:data:`CASE_BOUND_S` seconds.

Inputs (hypothesis): random bytes; hostile Unicode text (Arabic, controls, escapes, bidi
and default-ignorable characters, joiners, tags, noncharacters) in UTF-8, UTF-16/32 with
and without a BOM, windows-1256 and Latin-1; HTML assembled from hostile fragments
(declared charsets, bad numeric references, deep nesting, unclosed comments and
scripts, signatures); and long runs of one fragment, the shape that makes a
backtracking regex quadratic.

The default run has 300 examples; ``pytest -m slow tests/test_hostile_fuzz.py`` runs
``ANSUM_FUZZ_EXAMPLES`` (default 20,000) and prints the figures (cases, outcomes,
slowest case).
"""

from __future__ import annotations

import codecs
import collections
import io
import os
import sys
import time
from unittest import mock

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ansum.arabic.segment import segment
from ansum.errors import EXIT_INTERNAL, AnsumError
from ansum.input.read import load_article

#: Seconds one case may take (issue 12).
CASE_BOUND_S = 2.0
SLOW_EXAMPLES = int(os.environ.get("ANSUM_FUZZ_EXAMPLES", "20000"))

_ARABIC = "قال الرئيس إن النمو بلغ ٣ في المئة «هذا العام». وأضاف: "
_CHARS = (list(_ARABIC) + list("abcXYZ0123456789 \t\n\r.,;:!?\"'<>&#;/=-_()[]{}%\\")
          + ["\x00", "\x01", "\x07", "\x08", "\x0b", "\x0c", "\x1b", "\x7f", "\x85", "\x9b",
             "\x9d", "\u00ad", "\u034f", "\u061c", "\u200b", "\u200c", "\u200d", "\u200e",
             "\u202a", "\u202e", "\u2028", "\u2029", "\u2066", "\u2069", "\u206a", "\u206f",
             "\ufeff", "\ufff9", "\ufffb", "\ufffd", "\ufffe", "\uffff", "\U000e0001",
             "\U000e0041", "\U000e007f", "\ufe0f", "\u0640", "\u064b", "\u0670", "ی", "پ",
             "ک", "🇸", "🇦", "👨"])
HOSTILE_TEXT = st.text(alphabet=st.sampled_from(_CHARS), max_size=1500)
_ENCODINGS = ("utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32",
              "utf-32-le", "cp1256", "iso8859_6", "latin-1")
_FRAGMENTS = [
    "<html>", "<head>", "</head>", "<body>", "</body>", "<title>", "</title>", "<p>", "</p>",
    "<div>", "</div>", "<span>", "<article>", "<br/>", "<table><tr><td>", "<script>",
    "</script>", "<style>", "<!--", "-->", "<![CDATA[", "]]>", '<meta charset="windows-1256">',
    '<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-6">',
    '<meta charset="utf-16">', '<meta charset="x-cp1256">', "<?xml version='1.0'?>",
    "&#27;", "&#7;", "&#0;", "&#xFFFF;", "&#xD800;", "&#x110000;", "&#99999999999;", "&#x202E;",
    "&#x200D;", "&#xE0041;", "&amp;", "&nbsp;", "&#", "&", "<", ">", "<a href='javascript:x'>",
    "%PDF-1.4", "{\\rtf1", "%!PS", "\x1b]52;c;SGk=\x07", "\x1b[2J", _ARABIC, "1 ", "(", ")",
    "«", "»", "\"", "اقرأ أيضا:", "تعليقات", "المصدر: ", "بيروت - ", " مليون دولار.",
]
HTML = st.lists(st.one_of(st.sampled_from(_FRAGMENTS), HOSTILE_TEXT.map(lambda t: t[:80])),
                max_size=60).map("".join)
RUNS = st.tuples(st.sampled_from(_FRAGMENTS + list(_ARABIC) + [" ", "\n", "1", "a"]),
                 st.integers(1, 20_000), st.sampled_from(["", "x", "!", ".", "\n", "<p>"])
                 ).map(lambda t: t[0] * min(t[1], 60_000 // max(1, len(t[0]))) + t[2])


def _encode(pair: tuple[str, str]) -> bytes:
    text, codec = pair
    return text.encode(codec, "replace") if codec in ("cp1256", "iso8859_6", "latin-1") \
        else text.encode(codec, "surrogatepass")


INPUTS = st.one_of(
    st.binary(max_size=4096),
    st.tuples(HOSTILE_TEXT, st.sampled_from(_ENCODINGS)).map(_encode),
    st.tuples(HTML, st.sampled_from(_ENCODINGS)).map(_encode),
    st.tuples(RUNS, st.sampled_from(("utf-8", "utf-8", "cp1256", "utf-16"))).map(_encode),
    st.tuples(st.sampled_from([codecs.BOM_UTF8, codecs.BOM_UTF16_LE, b"", b"\n  "]),
              st.binary(max_size=512), HTML.map(str.encode)).map(b"".join),
)
MAX_CHARS = st.sampled_from([200_000, 200_000, 2_000, 50])


class Figures:
    """Outcomes and timings of the cases run (printed by the slow run)."""

    def __init__(self) -> None:
        self.outcomes: collections.Counter[str] = collections.Counter()
        self.slowest = (0.0, b"")
        self.total_s = 0.0

    def add(self, outcome: str, elapsed: float, data: bytes) -> None:
        self.outcomes[outcome] += 1
        self.total_s += elapsed
        if elapsed > self.slowest[0]:
            self.slowest = (elapsed, data[:60])


def _one_case(data: bytes, max_chars: int, figures: Figures) -> None:
    stdin = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8", errors="surrogateescape")
    start = time.perf_counter()
    try:
        with mock.patch.object(sys, "stdin", stdin):
            article = load_article("-", max_chars=max_chars)
        segment(article.body)
        outcome = "article"
    except AnsumError as exc:
        assert exc.exit_code != EXIT_INTERNAL, exc
        assert "\n" not in exc.message and exc.message, exc.message
        outcome = f"{type(exc).__name__} (exit {exc.exit_code})"
    elapsed = time.perf_counter() - start
    figures.add(outcome, elapsed, data)
    assert elapsed < CASE_BOUND_S, (f"{elapsed:.2f} s", data[:200])


def _fuzz(examples: int) -> Figures:
    figures = Figures()
    # first use imports trafilatura and charset_normalizer and builds justext's stop
    # lists (about 2 s, once per process): not a case's time
    for warm in (b"<html><body><p>\xd9\x82\xd8\xa7\xd9\x84 x</p></body></html>",
                 "قال الرئيس إن النمو".encode("cp1256"), b"\xff\xfe\x00\x00abc"):
        _one_case(warm, 200_000, Figures())

    @settings(max_examples=examples, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    @given(INPUTS, MAX_CHARS)
    def case(data, max_chars):
        _one_case(data, max_chars, figures)

    case()
    return figures


def test_input_stage_fuzz_quick():
    figures = _fuzz(300)
    assert sum(figures.outcomes.values()) >= 300
    assert figures.outcomes["article"] > 0  # the strategies reach the whole stage


@pytest.mark.slow
def test_input_stage_fuzz_20000_cases():
    start = time.perf_counter()
    figures = _fuzz(SLOW_EXAMPLES)
    cases = sum(figures.outcomes.values())
    print(f"\nfuzz: {cases} cases in {time.perf_counter() - start:.0f} s "
          f"(input stage {figures.total_s:.0f} s, mean {1000 * figures.total_s / cases:.1f} ms, "
          f"slowest {figures.slowest[0]:.3f} s on {figures.slowest[1]!r})")
    for outcome, n in figures.outcomes.most_common():
        print(f"  {n:6d}  {outcome}")
    assert cases >= SLOW_EXAMPLES and figures.outcomes["article"] > 0
