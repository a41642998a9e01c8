"""The numbers an English text mentions (digits, number words, months, scales), so a
translation can be checked for the figures of its Arabic source
(:func:`ansum.claims.figures.missing_figures`)."""

from __future__ import annotations

import re
from collections.abc import Iterable

from ansum.claims.figure_units import canonical_number


def _alt(words: Iterable[str]) -> str:
    """Regex alternation of ``words``, longest first, spaces as ``\\s+``."""
    return "|".join(
        re.escape(w).replace(r"\ ", r"\s+") for w in sorted(set(words), key=len, reverse=True)
    )


_EN_MONTHS = {
    name: i + 1
    for i, names in enumerate(
        (
            "January Jan",
            "February Feb",
            "March Mar",
            "April Apr",
            "May",
            "June Jun",
            "July Jul",
            "August Aug",
            "September Sep Sept",
            "October Oct",
            "November Nov",
            "December Dec",
        )
    )
    for name in names.split()
}
_EN_MONTH_RE = re.compile(rf"\b(?:{_alt(_EN_MONTHS)})\b")  # case-sensitive: "may"/"march" are verbs
_EN_UNITS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen"
).split()
_EN_TENS = {
    w: 10 * (i + 2)
    for i, w in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split())
}
_EN_WORDS = {w: i for i, w in enumerate(_EN_UNITS)} | _EN_TENS
_EN_WORD_RE = re.compile(
    rf"\b({_alt(_EN_TENS)})(?:[- ]({_alt(_EN_UNITS[1:10])}))?\b|\b({_alt(_EN_WORDS)})\b", re.I
)
_EN_NUM_RE = re.compile(
    r"(?<![\w.])(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?:st|nd|rd|th)?(?![\d])"
)
_EN_SCALE_RE = re.compile(r"(?<!\d)(\d+(?:\.\d+)?)\s*(thousand|million|billion|trillion)\b",
                          re.I)  # (?<!\d): a digit run is tried from its start only (linear)
_EN_PM_RE = re.compile(r"(?<![\d:])(\d{1,2})(?::\d\d)?\s*p\.?\s?m\b\.?", re.I)
_SCALES = {"thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12}


def numbers_in_english(text: str) -> set[str]:
    """Return the numbers an English text mentions, as canonical ASCII strings.

    Finds digits (``"1,200"`` -> ``"1200"``, ``"3.5"``, ``"30th"`` -> ``"30"``,
    ``"23:30"`` -> ``"23"`` and ``"30"``), month names (``"January"``/``"Jan"`` -> ``"1"``;
    capitalized only, as "may"/"march" are verbs), number words up to ninety-nine
    (``"twenty-five"`` -> ``"25"``), the 24-hour form of ``"11:30 pm"`` (adds ``"23"``),
    and the other scales of round numbers so that "5 million", "5,000,000" and
    "5 مليون" compare equal (``"5,000,000"`` adds ``"5000"`` and ``"5"``;
    ``"1.5 million"`` adds ``"1500000"``).  Used with :func:`figure_numbers`.
    """
    found: set[str] = set()
    for m in _EN_NUM_RE.finditer(text):
        for num in canonical_number(m.group(1)):
            found.add(num)
            if "." not in num:
                value = int(num)
                found.update(
                    str(value // s) for s in _SCALES.values() if value >= s and value % s == 0
                )
    for m in _EN_SCALE_RE.finditer(text):
        scaled = float(m.group(1)) * _SCALES[m.group(2).lower()]
        if scaled.is_integer():
            found.add(str(int(scaled)))
    for m in _EN_MONTH_RE.finditer(text):
        found.add(str(_EN_MONTHS[m.group()]))
    for m in _EN_WORD_RE.finditer(text):
        if m.group(3):
            found.add(str(_EN_WORDS[m.group(3).lower()]))
        else:
            unit = _EN_WORDS[m.group(2).lower()] if m.group(2) else 0
            found.add(str(_EN_TENS[m.group(1).lower()] + unit))
    for m in _EN_PM_RE.finditer(text):
        hour = int(m.group(1))
        if 1 <= hour < 12:
            found.add(str(hour + 12))
    return found
