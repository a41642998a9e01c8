"""Arabic normalization for matching, word tokens, digit and letter helpers.

Normalization is only ever used for *matching* (ranking, claim detection, figure
comparison); the text shown to the user is always the original.  Every function
that finds something returns character offsets into the original string.
"""

from __future__ import annotations

import re

# --- normalization -----------------------------------------------------------

#: Arabic diacritics (harakat, tanween, shadda, sukun, superscript alef, Quranic marks).
_DIACRITICS = set(
    [chr(c) for c in range(0x064B, 0x0660)]
    + ["\u0670"]
    + [chr(c) for c in range(0x06D6, 0x06EE) if c not in (0x06E5, 0x06E6)]
)
_TATWEEL = "\u0640"
#: ZWNJ and ZWJ: input keeps them only inside Persian/Urdu words (ansum.input.decode);
#: matching never sees them, so "قا\u200cل" matches «قال».
_JOINERS = frozenset("\u200c\u200d")

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
    if ch in _DIACRITICS or ch == _TATWEEL or ch in _JOINERS:
        return ""
    mapped = _CHAR_MAP.get(ch)
    if mapped is not None:
        return mapped
    return ch.lower() if ch.isascii() else ch


def normalize_map(text: str) -> tuple[str, list[int]]:
    """Normalize ``text`` for matching and keep a map back to the original.

    Removes diacritics, tatweel and the joiners ZWNJ/ZWJ; maps alef forms (أ إ آ ٱ) to ا, ؤ to و, ئ and ى
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


_ARABIC_LETTER = re.compile(r"[\u0621-\u063f\u0641-\u064a\u0671-\u06d3]")  # no tatweel


def arabic_letter_count(text: str) -> int:
    """Return the number of Arabic-script letters in ``text``."""
    return len(_ARABIC_LETTER.findall(text))
