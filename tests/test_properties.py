"""Property-based tests (hypothesis) of the text stages and of the whole CLI (issue 5).

Default runs use about 150 examples per property; the ``slow`` versions (``pytest -m
slow``) run at least 2,000.  Inputs are Arabic-heavy Unicode: Arabic letters and words,
diacritics, Arabic and Latin punctuation, quotes and brackets, digits of three scripts,
every kind of space and line break, controls, bidi and zero-width characters, and any
other code point hypothesis picks.
"""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from ansum.arabic.chunk import PIECE_CHARS, cut_long_sentences
from ansum.arabic.normalize import _norm_char, normalize, normalize_map
from ansum.arabic.segment import paragraphs, segment
from ansum.cli import app
from ansum.errors import InputError
from ansum.input.clean import clean_text
from ansum.input.decode import decode, sanitize
from ansum.input.langid import LANGUAGES, detect_language
from ansum.input.read import article_from_text

FAST = settings(max_examples=150, deadline=None,
                suppress_health_check=[HealthCheck.too_slow])
SLOW = settings(max_examples=2000, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

ARABIC_LETTERS = st.characters(min_codepoint=0x0621, max_codepoint=0x064A)
ARABIC_MARKS = st.sampled_from([chr(c) for c in range(0x064B, 0x0653)] + ["\u0670", "\u0640"])
PUNCT = st.sampled_from(list(".!?؟…۔،؛,;:\"'«»“”()[]-–/%٪٫٬") + ["...", ". ", "؟ ", '." '])
DIGITS = st.sampled_from(list("0123456789٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹"))
SPACES = st.sampled_from(list(" \t\n\r\x0b\x0c\x1c\x85\xa0\u2028\u2029\u200c\u200d") + ["\n\n"])
HOSTILE = st.sampled_from(["\x1b[2J", "\x1b]52;c;SGk=\x07", "\u202e", "\u2066", "\u200b",
                           "\ufeff", "\x07", "\x9b", "[bold]", "[/]", "<script>", "\ufffd"])
WORDS = st.sampled_from("قال الوزير إن الحكومة ستعمل على تحسين الاقتصاد في د. م. بيسكوف "
                        "23:30 3.5 2021/12/30 U.S. Dr. The said".split())
PIECE = st.one_of(ARABIC_LETTERS, ARABIC_LETTERS, ARABIC_LETTERS, ARABIC_MARKS, WORDS, WORDS,
                  PUNCT, PUNCT, DIGITS, SPACES, SPACES, HOSTILE, st.characters())
#: Character soup, short or long.
SOUP = st.one_of(st.lists(PIECE, max_size=40), st.lists(PIECE, min_size=40, max_size=400))
#: Article-like text: words (some made up) and soup, in sentences and paragraphs.
WORD = st.one_of(WORDS, WORDS, st.text(ARABIC_LETTERS, min_size=2, max_size=9), PIECE)
SENTENCE = st.tuples(st.lists(WORD, min_size=1, max_size=30).map(" ".join), PUNCT, SPACES)
ARTICLE_LIKE = st.lists(SENTENCE, min_size=1, max_size=12).map(
    lambda ss: "".join(w + p + sp for w, p, sp in ss))
ARABIC_HEAVY = st.one_of(SOUP.map("".join), ARTICLE_LIKE)


def _check_segmentation(text: str) -> None:
    sentences = segment(text)
    pars = paragraphs(text)
    covered = 0
    for p_index, (p_start, p_end) in enumerate(pars):
        mine = [s for s in sentences if s.paragraph == p_index]
        assert mine, "every paragraph with a non-space character has a sentence"
        pos = p_start
        for s in mine:
            assert p_start <= s.start < s.end <= p_end
            assert text[s.start:s.end] == s.text and s.text == s.text.strip()
            assert text[pos:s.start].strip() == ""  # only whitespace between sentences
            pos = s.end
        assert text[pos:p_end].strip() == ""
        covered += len(mine)
    assert covered == len(sentences)
    assert [s.index for s in sentences] == list(range(len(sentences)))
    # no character is lost: the sentences hold every non-space character, in order
    assert "".join("".join(s.text.split()) for s in sentences) == "".join(text.split())


def _check_normalization(text: str) -> None:
    once = normalize(text)
    assert normalize(once) == once
    norm, index = normalize_map(text)
    assert norm == once and len(index) == len(norm)
    assert all(a < b for a, b in zip(index, index[1:], strict=False))
    assert all(_norm_char(text[i]) == ch for i, ch in zip(index, norm, strict=True))


@FAST
@given(ARABIC_HEAVY)
def test_segmentation_never_loses_characters(text):
    _check_segmentation(text)


@FAST
@given(ARABIC_HEAVY)
def test_normalization_is_idempotent_and_maps_back(text):
    _check_normalization(text)


@FAST
@given(ARABIC_HEAVY)
def test_input_hygiene_and_cleaning_never_crash(text):
    clean = sanitize(text)
    assert sanitize(clean) == clean
    assert not any(ch in clean for ch in "\x1b\x9b\x00\r\u202e\u2066\u200b\ufeff")
    body, meta, removed = clean_text(clean)
    assert "\n\n\n" not in body and all(line == line.strip() for line in body.split("\n"))
    assert detect_language(text) in LANGUAGES


@settings(max_examples=60, deadline=None)  # each example is a few thousand characters
@given(st.lists(st.one_of(WORDS, PUNCT, SPACES, ARABIC_LETTERS), min_size=1, max_size=60)
       .map("".join), st.integers(min_value=1, max_value=4))
def test_long_sentence_pieces_keep_every_character(text, repeat):
    long_text = " ".join([text.replace("\n", " ")] * ((2000 + repeat * 500) // len(text) + 1))
    sentences = segment(long_text)
    pieces, _ = cut_long_sentences(sentences)
    assert all(0 < len(p.text) <= max(PIECE_CHARS, 2000) for p in pieces)
    assert all(long_text[p.start:p.end] == p.text for p in pieces)
    assert "".join("".join(p.text.split()) for p in pieces) == "".join(long_text.split())


@FAST
@given(st.binary(max_size=400))
def test_decode_returns_text_or_an_input_error(data):
    try:
        text, encoding = decode(data)
    except InputError:
        return
    assert isinstance(text, str) and encoding and "\r" not in text


@FAST
@given(ARABIC_HEAVY)
def test_article_from_text_is_an_article_or_an_input_error(text):
    try:
        article = article_from_text(text)
    except InputError:
        return
    assert article.body and any(ch.isalpha() for ch in article.body)
    assert article.meta.language in LANGUAGES


def _run_cli(text: str, fmt: str) -> None:
    data = text.encode("utf-8", "surrogatepass")  # a lone surrogate becomes invalid bytes
    result = CliRunner().invoke(app, ["summarize", "--profile", "extractive", "-f", fmt, "-"],
                                input=data)
    assert result.exit_code in (0, 3), (result.exit_code, result.output, text)
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    assert all(line.startswith("ansum: ") for line in result.stderr.splitlines())
    if result.exit_code == 0:
        assert result.stdout
        if fmt == "json":
            (brief,) = [json.loads(x) for x in result.stdout.splitlines()]
            assert brief["summary"] and brief["meta"]["language"] in LANGUAGES
    else:
        assert result.stdout == "" and len(result.stderr.splitlines()) == 1


FORMATS = st.sampled_from(["json", "plain", "terminal", "markdown", "html"])


@FAST
@given(ARABIC_HEAVY, FORMATS)
def test_cli_never_fails_with_an_internal_error(text, fmt):
    _run_cli(text, fmt)


# --- slow versions: at least 2,000 examples each ----------------------------------------


@pytest.mark.slow
@SLOW
@given(ARABIC_HEAVY)
def test_segmentation_and_normalization_slow(text):
    _check_segmentation(text)
    _check_normalization(text)


@pytest.mark.slow
@SLOW
@given(ARABIC_HEAVY, FORMATS)
def test_cli_never_fails_with_an_internal_error_slow(text, fmt):
    _run_cli(text, fmt)
