"""Aligned, batched, guarded Arabic→English translation over any :class:`Translator`.

:func:`translate_segments` returns one :class:`TranslationResult` per input segment,
in order, whatever the model does:

1. segments without a letter (empty, punctuation, digits) are never sent to the model;
2. over-long segments are split at clause boundaries
   (:func:`ansum.summary.abstractive.split_to_fit`) and the translations of their pieces
   re-joined;
3. pieces are sorted by token length and batched under a padded-token budget, then
   put back in order;
4. every output is checked by :mod:`ansum.translation.guards`; flagged pieces are retried once
   with ``safe=True`` and the output with fewer flags is kept;
5. faithfulness: every figure of the Arabic segment must appear in its English text
   (:mod:`ansum.claims.figures`), else the segment is flagged ``"figure-mismatch"``.

:func:`english_spans` and :func:`translate_speaker` find a claim's figures and speaker
in its English translation, for highlighting.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from ansum.arabic.chunk import split_to_fit
from ansum.arabic.normalize import ascii_digits
from ansum.backends.base import Translator
from ansum.errors import BackendError
from ansum.schema import Figure, Span
from ansum.translation.guards import FLAGS, check_translation

#: Flag raised when a figure of the Arabic segment is missing from the English.
FIGURE_MISMATCH = "figure-mismatch"
#: Segments longer than this many model tokens are split at clause boundaries even
#: when the model's window is larger.  A conservative choice, not a measured one: the
#: small MT models we ship are trained on sentence pairs (most far shorter than 200
#: tokens), and long inputs are where they drop the second half or loop (issue 3).
SAFE_SEGMENT_TOKENS = 200

# --- translation -------------------------------------------------------------


@dataclass(frozen=True)
class TranslationResult:
    """The English side of one Arabic segment.

    Attributes:
        source: the Arabic segment as given.
        text: its English translation ("" for a blank segment).
        flags: problems that remain, in :data:`ansum.translation.guards.FLAGS` order, then
            ``"figure-mismatch"``; empty when the translation passed every check.
        retried: True when some piece was translated again with ``safe=True``.
        missing_figures: figures of ``source`` whose values are not in ``text``.
        pieces: number of model inputs the segment was split into (0: not sent).
    """

    source: str
    text: str
    flags: tuple[str, ...] = ()
    retried: bool = False
    missing_figures: tuple[Figure, ...] = ()
    pieces: int = 0


_PUNCT_TO_ASCII = str.maketrans(
    {"\u060c": ",", "\u061b": ";", "\u061f": "?", "\u066a": "%", "\u066b": ".", "\u066c": ","}
)
_JOINERS = {"\u060c": ", ", ",": ", ", "\u061b": "; ", ";": "; "}


def _needs_model(segment: str) -> bool:
    return any(ch.isalpha() for ch in segment)


def _batches(lengths: list[int], max_batch_tokens: int) -> list[list[int]]:
    """Group indices of ``lengths`` (already sorted ascending) into batches whose padded
    size ``len(batch) * max(length)`` stays within ``max_batch_tokens``; a piece larger
    than the budget goes alone."""
    batches: list[list[int]] = []
    for i, n in enumerate(lengths):
        if batches and (len(batches[-1]) + 1) * n <= max_batch_tokens:
            batches[-1].append(i)
        else:
            batches.append([i])
    return batches


def _run(translator: Translator, texts: list[str], max_batch_tokens: int, safe: bool) -> list[str]:
    """Translate ``texts`` sorted by token length in budgeted batches; return in input order.

    A text given twice (a clause shared by two segments) is sent once."""
    unique = list(dict.fromkeys(texts))
    if len(unique) < len(texts):
        done = dict(zip(unique, _run(translator, unique, max_batch_tokens, safe), strict=True))
        return [done[t] for t in texts]
    lengths = [translator.count_tokens(t) for t in texts]
    order = sorted(range(len(texts)), key=lambda i: lengths[i])
    out: list[str] = [""] * len(texts)
    for batch in _batches([lengths[i] for i in order], max_batch_tokens):
        idx = [order[b] for b in batch]
        got = translator.translate([texts[i] for i in idx], safe=safe)
        if len(got) != len(idx):
            raise BackendError(
                f"{translator.name} returned {len(got)} translations for {len(idx)} inputs",
                hint="this is a bug in the backend; try another translator with --translator",
            )
        for i, en in zip(idx, got, strict=True):
            out[i] = en.strip()
    return out


def _piece_flags(source: str, output: str) -> list[str]:
    from ansum.claims.figures import extract_figures, missing_figures

    flags = check_translation(source, output)
    if missing_figures(extract_figures(source), output):
        flags.append(FIGURE_MISMATCH)
    return flags


def _join(pieces: list[str], outputs: list[str]) -> str:
    """Re-join piece translations: ", " / "; " where the Arabic piece ended with a comma
    or semicolon (stripped before translating), " " otherwise; a full stop the model
    added to a non-final piece is dropped."""
    text = ""
    for k, en in enumerate(outputs):
        if k < len(pieces) - 1 and en.endswith(".") and not en.endswith(".."):
            en = en[:-1]
        if k:
            joiner = _JOINERS.get(pieces[k - 1][-1:], " ")
            text = text.rstrip() + (" " if text.endswith((",", ";", ":")) else joiner)
        text += en
    return text.strip()


def translate_segments(
    segments: list[str],
    translator: Translator,
    *,
    max_batch_tokens: int = 1024,
    max_segment_tokens: int = SAFE_SEGMENT_TOKENS,
) -> list[TranslationResult]:
    """Translate Arabic segments one by one, keeping them aligned 1:1.

    Args:
        segments: Arabic sentences (summary or claim sentences), any strings.
        translator: the backend; called with batches of non-empty strings.
        max_batch_tokens: budget per model call, in padded input tokens
            (``batch size × longest input``); one input over it goes alone.
        max_segment_tokens: inputs longer than ``min(this, translator.max_input_tokens)``
            tokens are split at clause boundaries
            (:func:`ansum.summary.abstractive.split_to_fit`).

    Returns:
        A list as long as ``segments``, in the same order.  A segment without any
        letter (blank, punctuation, digits) is not sent: its text is the segment with
        Arabic-Indic digits and Arabic punctuation (، ؛ ؟ ٪ ٫ ٬) mapped to ASCII.

    Raises:
        BackendError: the translator failed or returned a list of the wrong length.
        ConfigError: the translator's input limit cannot hold one character.
    """
    limit = min(translator.max_input_tokens, max_segment_tokens)
    split: list[list[str]] = []
    jobs: list[tuple[int, int]] = []  # (segment index, piece index)
    for i, seg in enumerate(segments):
        pieces = split_to_fit(seg, translator.count_tokens, limit) if _needs_model(seg) else []
        split.append(pieces)
        jobs.extend((i, k) for k in range(len(pieces)))
    sources = [split[i][k] for i, k in jobs]
    inputs = [(s[:-1].rstrip() or s) if s[-1] in _JOINERS else s for s in sources]
    outputs = _run(translator, inputs, max_batch_tokens, safe=False) if inputs else []
    flags = [_piece_flags(src, out) for src, out in zip(inputs, outputs, strict=True)]
    retry = [j for j, f in enumerate(flags) if f]
    if retry:
        again = _run(translator, [inputs[j] for j in retry], max_batch_tokens, safe=True)
        for j, out in zip(retry, again, strict=True):
            new_flags = _piece_flags(inputs[j], out)
            if len(new_flags) < len(flags[j]):  # ties keep the first output
                outputs[j], flags[j] = out, new_flags
    by_segment: dict[int, list[int]] = {}
    for j, (i, _) in enumerate(jobs):
        by_segment.setdefault(i, []).append(j)
    retried = set(retry)
    from ansum.claims.figures import extract_figures, missing_figures

    results = []
    for i, seg in enumerate(segments):
        js = by_segment.get(i)
        if not js:
            results.append(TranslationResult(seg, ascii_digits(seg).translate(_PUNCT_TO_ASCII)))
            continue
        text = _join(split[i], [outputs[j] for j in js])
        raised = {f for j in js for f in flags[j]} - {FIGURE_MISMATCH}
        missing = tuple(missing_figures(extract_figures(seg), text))
        seg_flags = [f for f in FLAGS if f in raised] + ([FIGURE_MISMATCH] if missing else [])
        results.append(
            TranslationResult(
                seg, text, tuple(seg_flags), any(j in retried for j in js), missing, len(js)
            )
        )
    return results


# --- highlights in English ---------------------------------------------------


#: English tokens that may carry a number: digits (with separators, ordinal suffix,
#: "23:30"), or a word (month names and number words are recognized by ansum.claims.figures).
_EN_NUM_TOKEN = re.compile(
    r"\d[\d,.:]*\d(?:st|nd|rd|th)?|\d(?:st|nd|rd|th)?|[A-Za-z]+(?:-[A-Za-z]+)?"
)
#: What may separate the tokens of one figure ("December 30, 2021", "10 of January").
# one separator run per step (no two adjacent runs that overlap): linear under fullmatch
_EN_GAP = re.compile(r"[\s,/\-\u2013]*(?:(?:of|the)(?=\s)[\s,/\-\u2013]*)*")
_EN_PREFIX = re.compile(r"(?:US)?[$\u20ac\u00a3]\s?$")
_EN_SUFFIX = re.compile(
    r"\s?(?:%|\s*per\s?cent\b)|\s+(?:thousand|million|billion|trillion)\b", re.IGNORECASE
)


def _numeric_tokens(text: str) -> list[tuple[int, int, set[str]]]:
    """``(start, end, numbers)`` of the tokens of ``text`` that mention a number."""
    from ansum.claims.figures import numbers_in_english

    out = []
    for m in _EN_NUM_TOKEN.finditer(text):
        numbers = numbers_in_english(m.group())
        if numbers:
            out.append((m.start(), m.end(), numbers))
    return out


def _extend(text: str, start: int, end: int) -> Span:
    """Widen a figure's span over a currency sign before it and "%", "percent" or a
    scale word ("million") after it (each at most once)."""
    before = _EN_PREFIX.search(text[max(0, start - 4) : start])
    if before:
        start -= len(before.group())
    while True:
        after = _EN_SUFFIX.match(text, end)
        if not after:
            break
        end = after.end()
    return Span(start, end)


def english_spans(text: str, values: list[str]) -> list[Span]:
    """Find figures in an English translation by value, for highlighting.

    Args:
        text: the English text.
        values: :attr:`ansum.schema.Figure.value` strings (conventions of
            :mod:`ansum.claims.figures`: "23:30", "3.5%", "30 12 2021", "5 million dollars").

    Returns:
        Character spans into ``text``, sorted by start and never overlapping.  For each
        value: the first shortest run of adjacent number-bearing English tokens (digits,
        month names, number words; separated only by spaces, commas, "/", "-", "of",
        "the") that mentions every number of the value, in any order ("30 12 2021"
        matches "December 30, 2021"; "10 1" matches "January 10"), widened over a
        currency sign before it and "%", "percent" or "million" after it.  A value
        listed twice takes two occurrences; values not found are left out.
    """
    from ansum.claims.figures import figure_numbers

    tokens = _numeric_tokens(text)
    taken: list[Span] = []
    for value in values:
        wanted = set(figure_numbers(value))
        if not wanted:
            continue
        found = None
        for width in range(1, len(wanted) + 1):
            for i in range(len(tokens) - width + 1):
                run = tokens[i : i + width]
                if not wanted <= set().union(*(t[2] for t in run)):
                    continue
                gaps = (text[a[1] : b[0]] for a, b in zip(run, run[1:], strict=False))
                if any(_EN_GAP.fullmatch(gap) is None for gap in gaps):
                    continue
                span = _extend(text, run[0][0], run[-1][1])
                if all(span.end <= t.start or span.start >= t.end for t in taken):
                    found = span
                    break
            if found:
                break
        if found:
            taken.append(found)
    return sorted(taken, key=lambda sp: sp.start)


_EN_WORD = re.compile(r"[^\W_]+", re.UNICODE)
#: English words that alone do not identify a speaker.
_EN_STOP = frozenset(
    "the a an of in on at to and or for by with from as that this is was were be has have "
    "had he she it they his her its their said says told added mr ms mrs".split()
)


def _lower(s: str) -> str:
    """``s.lower()``, keeping a character whose lowercase is longer ("İ"): same offsets."""
    low = s.lower()
    return low if len(low) == len(s) else "".join(c if len(c) == 1 else ch for ch, c in (
        (ch, ch.lower()) for ch in s))


def _find_folded(text: str, needle: str) -> int | None:
    """First case-insensitive offset of ``needle`` in ``text`` (None: absent), linear:
    ``str.find`` is a two-way search, where ``re.search(re.escape(needle), text,
    re.IGNORECASE)`` takes ``len(text) * len(needle)`` steps on "aaa…ab" (issue 12)."""
    i = _lower(text).find(_lower(needle))
    return i if i >= 0 else None


def locate_phrase(text: str, phrase: str) -> Span | None:
    """Find ``phrase`` (e.g. a translated speaker) in ``text``; exact first, then fuzzy.

    Exact: a case-insensitive search for the phrase with outer punctuation removed.
    Fuzzy fallback: the longest run of consecutive word tokens that the phrase and the
    text share (case-insensitive), provided it holds a word that is not a function word
    ("the", "of", "said" …); ties go to the run found first in ``text``.

    Returns:
        The span into ``text`` (from the run's first word to its last), or None.
    """
    needle = phrase.strip().strip(".,;:!?\"'“”«» ")
    if not needle:
        return None
    found = _find_folded(text, needle)
    if found is not None:
        return Span(found, found + len(needle))
    hay = [(w.group().lower(), w.start(), w.end()) for w in _EN_WORD.finditer(text)]
    pin = [w.lower() for w in _EN_WORD.findall(needle)]
    best: tuple[int, int] = (0, 0)  # (length, end index in hay)
    prev = [0] * (len(pin) + 1)
    for i, (word, _, _) in enumerate(hay, 1):
        cur = [0] * (len(pin) + 1)
        for j, p in enumerate(pin, 1):
            if word == p:
                cur[j] = prev[j - 1] + 1
                run = hay[i - cur[j] : i]
                if cur[j] > best[0] and any(w not in _EN_STOP for w, _, _ in run):
                    best = (cur[j], i)
        prev = cur
    if not best[0]:
        return None
    length, end = best
    return Span(hay[end - length][1], hay[end - 1][2])


def translate_speaker(speaker_ar: str, en_text: str, translator: Translator) -> Span | None:
    """Locate a claim's speaker in the English translation of its sentence.

    The speaker span (e.g. "المتحدث باسم الكرملين دميتري بيسكوف") is translated on
    its own, and the result is found in ``en_text`` by :func:`locate_phrase` (exact,
    then the longest shared word run).  We chose this over word alignment because
    the backends expose no alignment: cross-attention weights are model-specific,
    noisy for the small MT models we ship, and CTranslate2 only returns them on
    request; a name with its title translates consistently out of context, and the
    fuzzy run absorbs differences such as "The Kremlin spokesman" vs "Kremlin
    spokesman".  The price is one short extra model call per speaker (use
    :func:`translate_speakers` to batch them).

    Returns:
        The speaker's span into ``en_text``, or None when it cannot be found.

    Raises:
        BackendError: the translator failed.
    """
    return translate_speakers([speaker_ar], [en_text], translator)[0]


def translate_speakers(
    speakers_ar: list[str], en_texts: list[str], translator: Translator, *,
    translate: Callable[[list[str]], list[TranslationResult]] | None = None,
) -> list[Span | None]:
    """Batched :func:`translate_speaker`: one translation call for all speakers.

    Args:
        speakers_ar: the speakers' Arabic spans.
        en_texts: the English sentence of each speaker's claim (same length).
        translate: how to translate ``speakers_ar`` (a list in, a list of
            :class:`TranslationResult` as long and in order out); default
            :func:`translate_segments` with ``translator``.  The cross-article path
            passes a memo lookup (:mod:`ansum.translation.memo`).

    Returns:
        A list as long as ``speakers_ar``: a span into the matching ``en_texts`` item,
        or None.
    """
    if len(speakers_ar) != len(en_texts):
        raise ValueError("speakers_ar and en_texts must have the same length")
    results = (translate or (lambda texts: translate_segments(texts, translator)))(speakers_ar)
    return [locate_phrase(en, r.text) for r, en in zip(results, en_texts, strict=True)]
