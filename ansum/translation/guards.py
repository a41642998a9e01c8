"""Detect the known failure modes of small seq2seq translators in one output.

Each guard is a pure function ``guard(source_ar, output_en) -> str | None`` that returns
its flag name when the output shows the failure, else None.  :func:`check_translation`
runs them all.  The guards only *detect*; :mod:`ansum.translation.translate` retries with safer
settings and keeps the flags it could not clear.

Failure modes (seen with Marian opus-mt, NLLB, M2M100, mBART-50 and mT5 checkpoints):

- ``"repetition"``: the decoder loops: one word three times in a row ("the the the")
  or a word 3-gram that occurs three times or more.
- ``"too-long"``: output far longer than the source (a loop that did not repeat exact
  n-grams, or hallucinated continuation).
- ``"dropped-content"``: output far shorter than the source (typically the second
  half of a long input is silently left out), or empty.
- ``"sentinel-token"``: special tokens leaked into the text (``<extra_id_0>``,
  ``<pad>``, ``<unk>``, ``</s>``, ``<s>``, SentencePiece ``▁``, language codes).
- ``"wrong-language"``: the output is mostly Arabic script (copied source), or has no
  Latin letters although the source had words.

Length thresholds (characters, ``len(str)`` of the stripped texts) come from the
English/Arabic character ratio of human translations measured on FLORES-200 devtest
(1,012 pairs, ``shared/data/mt/flores200_devtest_arb_eng.jsonl``): 1st percentile 0.77,
median 1.15, 99th percentile 1.64 (NTREX-128: 0.60 / 1.08 / 1.55).  The bounds are set
well outside that range so that real translations pass: :data:`MIN_EN_AR_RATIO` is
less than half the 1st percentile, :data:`MAX_EN_AR_RATIO` nearly twice the 99th.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable

from ansum.arabic.normalize import arabic_letter_count, normalize, tokens
from ansum.arabic.stem import light_stem

#: Flag names, in the order :func:`check_translation` reports them.
FLAGS = ("sentinel-token", "repetition", "too-long", "dropped-content", "wrong-language")

#: Below this English/Arabic character ratio the output has dropped content
#: (FLORES-200 devtest 1st percentile 0.77, so 0.35 is under half of it).
MIN_EN_AR_RATIO = 0.35
#: Sources shorter than this (characters) are not checked for dropped content: a
#: short phrase can have a legitimately short translation ("الولايات المتحدة" → "US").
MIN_SOURCE_CHARS_FOR_DROP = 40
#: Above this English/Arabic character ratio the output is too long
#: (FLORES-200 devtest 99th percentile 1.64, maximum 1.90).
MAX_EN_AR_RATIO = 3.0
#: Characters of slack added to the too-long bound, so that one-word sources
#: ("نعم" → "Yes, indeed") are not flagged.
TOO_LONG_SLACK_CHARS = 20
#: An n-gram of this many words occurring :data:`REPEAT_MIN_COUNT` times is a loop.
REPEAT_NGRAM = 3
REPEAT_MIN_COUNT = 3

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?", re.UNICODE)
_SENTINEL = re.compile(
    r"<extra_id_\d+>|<pad>|<unk>|</?s>|<mask>|\u2581"
    r"|__[a-z]{2,3}__"  # M2M100 language tokens (__en__)
    r"|\b(?:eng_Latn|arb_Arab|en_XX|ar_AR)\b"  # NLLB / mBART-50 language codes
)
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")


def _words(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text)]


def sentinel_token(source_ar: str, output_en: str) -> str | None:
    """Return ``"sentinel-token"`` when special tokens leaked into ``output_en``.

    Detects ``<extra_id_N>`` (mT5 span-corruption sentinels), ``<pad>``, ``<unk>``,
    ``<s>``, ``</s>``, ``<mask>``, the SentencePiece word marker ``▁`` (U+2581), and
    the language codes of M2M100 (``__en__``), NLLB (``eng_Latn``) and mBART-50
    (``en_XX``).  ``source_ar`` is unused (kept for the common guard signature).
    """
    del source_ar
    return "sentinel-token" if _SENTINEL.search(output_en) else None


def _loop_count(words: list[str]) -> int:
    """Longest run of one repeated word, or the count of the most frequent word
    :data:`REPEAT_NGRAM`-gram, whichever is larger."""
    run = best = 1 if words else 0
    for prev, word in zip(words, words[1:], strict=False):
        run = run + 1 if word == prev else 1
        best = max(best, run)
    n = REPEAT_NGRAM
    grams = Counter(tuple(words[i : i + n]) for i in range(len(words) - n + 1))
    if grams:
        best = max(best, grams.most_common(1)[0][1])
    return best


def _max_source_term_count(source_ar: str) -> int:
    """Occurrences of the most frequent normalized, light-stemmed source word (2+ chars)."""
    words = [tok for tok, _, _ in tokens(normalize(source_ar))]
    terms = Counter(light_stem(tok) for tok in words if len(tok) > 1 or tok.isdigit())
    return terms.most_common(1)[0][1] if terms else 0


def repetition(source_ar: str, output_en: str) -> str | None:
    """Return ``"repetition"`` when ``output_en`` loops.

    A loop is one word :data:`REPEAT_MIN_COUNT` times in a row (case-insensitive:
    "the the the"), or a word :data:`REPEAT_NGRAM`-gram that occurs
    :data:`REPEAT_MIN_COUNT` times or more anywhere in the output.  It is *not*
    flagged when some word of the Arabic source (normalized and light-stemmed,
    :func:`ansum.arabic.stem.light_stem`) occurs at least as often as the loop repeats: a
    source that says "المريض" four times is legitimately translated with "the sick
    person" four times (measured on TICO-19/NTREX-128 references, where this
    exemption removes most false alarms of the bare n-gram rule).
    """
    count = _loop_count(_words(output_en))
    if count < REPEAT_MIN_COUNT:
        return None
    if _max_source_term_count(source_ar) >= count:
        return None
    return "repetition"


def too_long(source_ar: str, output_en: str) -> str | None:
    """Return ``"too-long"`` when ``output_en`` has more than
    ``MAX_EN_AR_RATIO * len(source) + TOO_LONG_SLACK_CHARS`` characters (stripped)."""
    src, out = source_ar.strip(), output_en.strip()
    if len(out) > MAX_EN_AR_RATIO * len(src) + TOO_LONG_SLACK_CHARS:
        return "too-long"
    return None


def dropped_content(source_ar: str, output_en: str) -> str | None:
    """Return ``"dropped-content"`` when ``output_en`` is empty while the source has
    letters, or, for sources of at least :data:`MIN_SOURCE_CHARS_FOR_DROP` characters,
    when it has fewer than ``MIN_EN_AR_RATIO * len(source)`` characters (stripped)."""
    src, out = source_ar.strip(), output_en.strip()
    if not out:
        return "dropped-content" if any(ch.isalpha() for ch in src) else None
    if len(src) >= MIN_SOURCE_CHARS_FOR_DROP and len(out) < MIN_EN_AR_RATIO * len(src):
        return "dropped-content"
    return None


def wrong_language(source_ar: str, output_en: str) -> str | None:
    """Return ``"wrong-language"`` when ``output_en`` is not English-like.

    Flagged when Arabic-script letters are at least half of the output's letters
    (the model copied the source or answered in Arabic), or when the output has no
    Latin letter at all while the source has at least two word tokens (a number-only
    source like "2021" may legitimately come back as digits).
    """
    letters = sum(1 for ch in output_en if ch.isalpha())
    arabic = arabic_letter_count(output_en)
    if letters and arabic * 2 >= letters:
        return "wrong-language"
    if not _LATIN.search(output_en) and len(_WORD.findall(source_ar)) >= 2 and output_en.strip():
        return "wrong-language"
    return None


#: All guards in reporting order (see :data:`FLAGS`).
GUARDS: tuple[Callable[[str, str], str | None], ...] = (
    sentinel_token,
    repetition,
    too_long,
    dropped_content,
    wrong_language,
)


def check_translation(source_ar: str, output_en: str) -> list[str]:
    """Run every guard on one translation.

    Args:
        source_ar: the Arabic segment that was translated.
        output_en: the model's English output for it.

    Returns:
        The flag names raised, in :data:`FLAGS` order, each at most once; empty when
        the output passes every guard.
    """
    flags = []
    for guard in GUARDS:
        flag = guard(source_ar, output_en)
        if flag is not None:
            flags.append(flag)
    return flags
