"""Arabic text processing: normalization for matching, sentence segmentation, tokens.

Normalization is only ever used for *matching* (ranking, claim detection, figure
comparison); the text shown to the user is always the original.  Every function
that finds something returns character offsets into the original string.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .schema import Sentence

# --- normalization -----------------------------------------------------------

#: Arabic diacritics (harakat, tanween, shadda, sukun, superscript alef, Quranic marks).
_DIACRITICS = set(
    [chr(c) for c in range(0x064B, 0x0660)]
    + ["\u0670"]
    + [chr(c) for c in range(0x06D6, 0x06EE) if c not in (0x06E5, 0x06E6)]
)
_TATWEEL = "\u0640"

_CHAR_MAP = {
    # alef with hamza above/below, madda, wasla -> bare alef
    "\u0623": "\u0627",
    "\u0625": "\u0627",
    "\u0622": "\u0627",
    "\u0671": "\u0627",
    # hamza on waw / ya -> the carrier letter
    "\u0624": "\u0648",
    "\u0626": "\u064a",
    # alef maqsura -> ya; ta marbuta -> ha
    "\u0649": "\u064a",
    "\u0629": "\u0647",
    # Persian/Urdu letter forms that appear in Arabic text
    "\u06cc": "\u064a",  # farsi yeh
    "\u06a9": "\u0643",  # keheh
    "\u06c1": "\u0647",  # heh goal
    # separators
    "\u066b": ".",  # arabic decimal separator
    "\u066c": ",",  # arabic thousands separator
    "\u066a": "%",  # arabic percent sign
}
for _i in range(10):
    _CHAR_MAP[chr(0x0660 + _i)] = str(_i)  # Arabic-Indic digits
    _CHAR_MAP[chr(0x06F0 + _i)] = str(_i)  # Extended (Persian/Urdu) digits


def _norm_char(ch: str) -> str:
    if ch in _DIACRITICS or ch == _TATWEEL:
        return ""
    mapped = _CHAR_MAP.get(ch)
    if mapped is not None:
        return mapped
    return ch.lower() if ch.isascii() else ch


def normalize_map(text: str) -> tuple[str, list[int]]:
    """Normalize ``text`` for matching and keep a map back to the original.

    Removes diacritics and tatweel; maps alef forms (أ إ آ ٱ) to ا, ؤ to و, ئ and ى
    to ي, ة to ه, Persian ی/ک to ي/ك; Arabic-Indic and Persian digits to ASCII; the
    Arabic decimal/thousands separators and percent sign to ``. , %``; lowercases ASCII.
    This is the usual "light" orthographic normalization of Arabic IR (Larkey et al.,
    "Light Stemming for Arabic Information Retrieval", 2007).

    Args:
        text: any string.

    Returns:
        ``(normalized, index_map)`` where ``index_map[i]`` is the offset in ``text`` of
        the character that produced ``normalized[i]`` (a list as long as ``normalized``).
        Every change maps one character to zero or one character.
    """
    out: list[str] = []
    index: list[int] = []
    for i, ch in enumerate(text):
        mapped = _norm_char(ch)
        if mapped:
            out.append(mapped)
            index.append(i)
    return "".join(out), index


def normalize(text: str) -> str:
    """Return ``text`` normalized for matching (see :func:`normalize_map`). Idempotent."""
    return "".join(_norm_char(ch) for ch in text)


_DIGIT_TRANS = {0x0660 + i: str(i) for i in range(10)} | {0x06F0 + i: str(i) for i in range(10)}


def ascii_digits(text: str) -> str:
    """Return ``text`` with Arabic-Indic and Persian digits made ASCII (same length)."""
    return text.translate(_DIGIT_TRANS)


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
_WORD_BEFORE = re.compile(r"([\w.]+)$")
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


def _split_paragraph(par: str) -> list[tuple[int, int]]:
    """Split one paragraph into sentence ranges ``[start, end)`` (trailing space excluded)."""
    protected = _protected_ranges(par)
    inside = bytearray(len(par))
    for s, e in protected:
        for k in range(s + 1, e - 1):
            inside[k] = 1
    out: list[tuple[int, int]] = []
    start = 0
    i = 0
    n = len(par)
    while i < n:
        ch = par[i]
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


# --- tokens, stemming, stopwords -----------------------------------------------

# letters/digits plus Arabic combining marks (harakat U+064B–065F, superscript alef U+0670)
# and tatweel, so that "وأكّدت" stays one token
_MARKS = "\u064b-\u065f\u0670\u0640"
_TOKEN = re.compile(
    rf"[^\W_][^\W_{_MARKS}]*(?:[{_MARKS}]+[^\W_]*)*(?:[.,:/][0-9]+)*", re.UNICODE
)


def tokens(text: str) -> list[tuple[str, int, int]]:
    """Return word tokens of ``text`` as ``(token, start, end)`` character offsets.

    A token is a run of letters/digits; a number keeps its internal ``. , : /``
    (``3.5``, ``23:30``, ``2021/12/30``).  Punctuation is dropped.
    """
    return [(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text)]


#: Normalized words that begin with a root و (not the conjunction "and").
_WAW_WORDS = frozenset(
    "وزير وزيره وزاره وزراء وقت وفد وفاه وكاله وطني وطنيه ولايه ولايات وحده وحدات وسط وجه "
    "ورقه وعد وصول وضع ولد والد والده واقع واضح واجب ودول وثيقه وسيله وظيفه وصف وفق ورد".split()
)
_PREFIXES = ("وال", "بال", "كال", "فال", "ال", "لل")
_SUFFIXES = ("ها", "ان", "ات", "ون", "ين", "يه", "ه", "ي")


@lru_cache(maxsize=65536)
def light_stem(token: str) -> str:
    """Light-stem one *normalized* Arabic token (Light10).

    Strips a leading و when at least 3 letters remain, except for common words whose
    first root letter is و (وزير، وقت، وفد، وكاله … in ``_WAW_WORDS``, our addition so
    that وزير is not cut to زير), one of the article
    prefixes (وال بال كال فال ال لل) when at least 2 letters remain, then the
    suffixes ها ان ات ون ين يه ه ي (ة and ى are already ه and ي after
    :func:`normalize`) while at least 2 letters remain.  Algorithm: Larkey,
    Ballesteros & Connell, "Light Stemming for Arabic Information Retrieval" (2007).
    Non-Arabic tokens are returned unchanged.
    """
    if not token or not ("\u0621" <= token[0] <= "\u064a"):
        return token
    word = token
    if len(word) > 3 and word.startswith("و") and word not in _WAW_WORDS:
        word = word[1:]
    for prefix in _PREFIXES:
        if word.startswith(prefix) and len(word) - len(prefix) >= 2:
            word = word[len(prefix) :]
            break
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 2:
            word = word[: -len(suffix)]
    return word


def content_terms(text: str) -> list[str]:
    """Return the normalized, light-stemmed, stopword-free terms of ``text``, in order.

    Used to compare sentences (ranking, ROUGE-style overlap).  Single letters and
    pure punctuation are dropped; numbers are kept (ASCII digits).
    """
    from .stopwords import STOPWORDS

    out = []
    for tok, _, _ in tokens(normalize(text)):
        if tok in STOPWORDS or len(tok) < 2:
            continue
        stem = light_stem(tok)
        if stem in STOPWORDS or len(stem) < 2:
            continue
        out.append(stem)
    return out


_ARABIC_LETTER = re.compile(r"[\u0621-\u063f\u0641-\u064a\u0671-\u06d3]")  # no tatweel


def arabic_letter_count(text: str) -> int:
    """Return the number of Arabic-script letters in ``text``."""
    return len(_ARABIC_LETTER.findall(text))


# --- over-long sentences ---------------------------------------------------------

_CLAUSE_MARKS = "،,؛;:"  # where an over-long sentence is preferably cut
#: Sentences longer than this many characters (text without sentence punctuation) are
#: cut into pieces of at most :data:`PIECE_CHARS` for ranking, claims and translation.
#: The longest sentence in the 663 articles of shared/data has 1,453 characters.
LONG_SENTENCE_CHARS = 2000
PIECE_CHARS = 1000


def _cut_points(text: str, limit: int) -> list[tuple[int, int]]:
    """``[start, end)`` pieces of ``text``, each at most ``limit`` characters, cut after
    the last clause mark (، , ؛ ; :) or else at the last space in each window; a window
    with neither is cut hard.  Whitespace at both ends of a piece is left out."""
    pieces: list[tuple[int, int]] = []
    pos, n = 0, len(text)
    while pos < n:
        while pos < n and text[pos].isspace():
            pos += 1
        if pos >= n:
            break
        end = n
        if n - pos > limit:
            window = text[pos : pos + limit]
            mark = max(window.rfind(m) for m in _CLAUSE_MARKS)
            space = max(window.rfind(" "), window.rfind("\n"))
            end = pos + (mark + 1 if mark > 0 else space if space > 0 else limit)
        stop = end
        while stop > pos and text[stop - 1].isspace():
            stop -= 1
        pieces.append((pos, stop))
        pos = end
    return pieces


def cut_long_sentences(sentences):
    """Cut sentences over :data:`LONG_SENTENCE_CHARS` characters into pieces.

    Text without sentence punctuation (a 200,000-character line) would otherwise be
    one "sentence": the summary would be the whole text and the translator would get
    it in one piece.  Each long sentence becomes pieces of at most :data:`PIECE_CHARS`
    characters (:func:`_cut_points`); offsets stay offsets into the article body.

    Args:
        sentences: ``ansum.text.segment`` output.

    Returns:
        ``(sentences, cut)``: the new list, re-indexed from 0, and how many sentences
        were cut (0: the input list is returned as is).
    """
    if all(len(s.text) <= LONG_SENTENCE_CHARS for s in sentences):
        return sentences, 0
    out: list[Sentence] = []
    cut = 0
    for s in sentences:
        spans = [(0, len(s.text))]
        if len(s.text) > LONG_SENTENCE_CHARS:
            spans, cut = _cut_points(s.text, PIECE_CHARS), cut + 1
        for a, b in spans:
            out.append(Sentence(len(out), s.text[a:b], s.start + a, s.start + b, s.paragraph))
    return out, cut
