"""Sentence segmentation of Arabic news text (paragraphs, then sentences).

Clause splitting, cutting over-long sentences and packing chunks for a model window
are in :mod:`ansum.arabic.chunk`; both return character offsets into the original.
"""

from __future__ import annotations

import re

from ansum.arabic.normalize import normalize
from ansum.schema import Sentence

# --- sentence segmentation ---------------------------------------------------

_TERMINATORS = set(".!?\u061f\u2026\u06d4")  # . ! ? ؟ … ۔
_CLOSERS = set("\"'\u00bb\u201d\u2019)]}\u061f!?.\u2026")
_PAIRS = {"\u00ab": "\u00bb", "\u201c": "\u201d", "(": ")", "[": "]"}
#: Abbreviations that end with a period and do not end a sentence (normalized form).
_ABBREVIATIONS = {
    "د",
    "ا",
    "م",
    "ص",
    "ج",
    "ق",
    "هـ",
    "ه",
    "ت",
    "س",
    "ب",
    "ك",  # single letters: د. (Dr.) م. (AD) …
    "اد",
    "ق.م",
    "ص.ب",
    "مr",
    "mr",
    "mrs",
    "ms",
    "dr",
    "prof",
    "st",
    "vs",
    "jr",
    "sr",
    "no",
    "inc",
    "ltd",
    "co",
    "corp",
    "gen",
    "gov",
    "sen",
    "rep",
    "col",
    "lt",
    "sgt",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "etc",
    "e.g",
    "i.e",
    "u.s",
    "u.k",
    "u.n",
}
_WORD_BEFORE = re.compile(r"(?<![\w.])([\w.]+)$")  # lookbehind: linear under search
_MAX_QUOTE_CHARS = 1500  # a "quote" longer than this is more likely an unpaired mark


def _protected_ranges(par: str) -> list[tuple[int, int]]:
    """Return ``[start, end)`` ranges of matched quotes/brackets in a paragraph.

    «» “” () [] are matched with a stack; straight double quotes pair up in order
    of appearance.  Unmatched marks protect nothing.
    """
    ranges: list[tuple[int, int]] = []
    stack: list[tuple[str, int]] = []
    straight: int | None = None
    for i, ch in enumerate(par):
        if ch in _PAIRS:
            stack.append((_PAIRS[ch], i))
        elif stack and ch == stack[-1][0]:
            _, start = stack.pop()
            ranges.append((start, i + 1))
        elif ch in "\u00bb\u201d)]":
            # a closer with no matching opener on top: drop openers until one matches
            for depth in range(len(stack) - 1, -1, -1):
                if stack[depth][0] == ch:
                    _, start = stack[depth]
                    del stack[depth:]
                    ranges.append((start, i + 1))
                    break
        elif ch == '"':
            if straight is None:
                straight = i
            else:
                ranges.append((straight, i + 1))
                straight = None
    return [(s, e) for s, e in ranges if e - s <= _MAX_QUOTE_CHARS]


def _is_arabic_letter(ch: str) -> bool:
    return bool(ch) and ("\u0621" <= ch <= "\u064a" or "\u0671" <= ch <= "\u06d3")


def _is_boundary(par: str, i: int) -> bool:
    """Is the terminator at ``par[i]`` the end of a sentence?"""
    ch = par[i]
    nxt = par[i + 1] if i + 1 < len(par) else ""
    if ch == ".":
        prev = par[i - 1] if i > 0 else " "
        # inside a number or a dotted token: 3.5, 2021.12.30, www.site.com; but a period
        # glued between two Arabic words ("أمريكا.وبالإضافة", common in EASC) ends a sentence
        glued_arabic = _is_arabic_letter(prev) and _is_arabic_letter(nxt)
        if nxt and (nxt.isalnum() or nxt in "./") and prev.isalnum() and not glued_arabic:
            return False
        if nxt == ".":
            return False  # part of "..." – the last dot decides
        if prev == "." and (i < 2 or par[i - 2] != "."):
            # exactly two dots: a pause in Arabic headlines ("اتفاق النووي.. كالسم"), not an end
            return False
        m = _WORD_BEFORE.search(par, max(0, i - 64), i)  # bounded: linear time
        if m:
            raw = m.group(1).rstrip(".")
            if normalize(raw) in _ABBREVIATIONS:
                return False
            if len(raw) == 1 and raw.isascii() and raw.isupper():
                return False  # a Latin initial: "J. Smith"
        if nxt.isascii() and nxt.isalpha():
            return False  # "file.txt", "e.g": a Latin token, not an Arabic sentence end
    return True


_QUOTE_CLOSERS = '"\u00bb\u201d'
#: Verbs that, right after a closed quote, attribute it ('«…» قال الوزير'): no split there.
_POSTPOSED = frozenset("قال قالت يقول تقول اضاف اضافت تابع تابعت".split())


def _ends_quote(par: str, i: int, quote_ends: set[int]) -> bool:
    """Does the terminator ``par[i]`` (inside a quote) end the sentence with its quote?
    When the quote closes right after it ('."', '.»') and a new Arabic sentence follows
    after a space, unless that sentence opens with a bare verb of saying (the quote's
    attribution placed after it)."""
    if par[i] != "." or i + 1 not in quote_ends or i + 3 >= len(par) or par[i + 2] != " ":
        return False
    if par[i - 1 : i] == ".":
        return False  # '"بلغني أيها الملك السعيد ..." كلمات حفظتها': an ellipsis, a fragment
    m = re.match(r"\s*(\w+)", par[i + 2 : i + 40])
    return bool(m) and _is_arabic_letter(m.group(1)[0]) and normalize(m.group(1)) not in _POSTPOSED


def _split_paragraph(par: str) -> list[tuple[int, int]]:
    """Split one paragraph into sentence ranges ``[start, end)`` (trailing space excluded)."""
    protected = _protected_ranges(par)
    inside = bytearray(len(par))
    for s, e in protected:
        for k in range(s + 1, e - 1):
            inside[k] = 1
    quote_ends = {e - 1 for s, e in protected if par[e - 1] in _QUOTE_CLOSERS}
    out: list[tuple[int, int]] = []
    start = 0
    i = 0
    n = len(par)
    while i < n:
        ch = par[i]
        if ch in _TERMINATORS and inside[i] and _ends_quote(par, i, quote_ends):
            end = i + 2  # 'قال: "… مستقر." وأضاف': the quote and its sentence end here
            out.append((start, end))
            start = i = end
            continue
        if ch in _TERMINATORS and not inside[i] and _is_boundary(par, i):
            end = i + 1
            while end < n and (par[end] in _CLOSERS or par[end] in _TERMINATORS):
                end += 1
            # a closing quote separated by a space (`... ." `) still belongs here
            if (
                end + 1 < n
                and par[end] == " "
                and par[end + 1] in '"\u00bb\u201d'
                and (end + 2 >= n or par[end + 2].isspace())
            ):
                end += 2
            if par[start:end].strip():
                out.append((start, end))
            start = end
            i = end
            continue
        i += 1
    if par[start:].strip():
        out.append((start, n))
    # trim whitespace at both ends of each range
    trimmed = []
    for s, e in out:
        while s < e and par[s].isspace():
            s += 1
        while e > s and par[e - 1].isspace():
            e -= 1
        if s < e:
            trimmed.append((s, e))
    return trimmed


_PARAGRAPH = re.compile(r"[^\n]+")


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Return ``[start, end)`` offsets of the paragraphs of ``text``.

    Any line break ends a paragraph (bodies use blank lines between paragraphs;
    corpora often use single newlines).  Lines holding only whitespace are skipped.
    """
    return [(m.start(), m.end()) for m in _PARAGRAPH.finditer(text) if m.group().strip()]


def segment(text: str) -> list[Sentence]:
    """Split an article body into sentences.

    Sentences end at ``. ! ? ؟ … ۔`` and at paragraph breaks, and not at ``، ؛``,
    not inside matched «» “” "" () [] pairs, not inside numbers, times and dates
    (``3.5``, ``23:30``, ``2021/12/30``), and not after common abbreviations
    (``د.`` ``م.`` ``Dr.`` ``U.S.``).  Closing quotes and brackets after a terminator
    stay with the sentence.

    Args:
        text: the article body (any string).

    Returns:
        Sentences in order with offsets into ``text``; ``text[s.start:s.end] == s.text``
        and sentences never overlap.  Only whitespace lies between consecutive
        sentences of a paragraph.  Empty for an empty or whitespace-only text.
    """
    out: list[Sentence] = []
    for p_index, (p_start, p_end) in enumerate(paragraphs(text)):
        par = text[p_start:p_end]
        for s, e in _split_paragraph(par):
            out.append(Sentence(len(out), par[s:e], p_start + s, p_start + e, p_index))
    return out
