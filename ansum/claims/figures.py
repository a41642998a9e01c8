"""Figures in Arabic sentences (numbers, percentages, money, dates, times, years),
and the numbers of an English text, so a translation can be checked for lost figures.

Matching runs on :func:`ansum.arabic.normalize.normalize_map` output (ASCII digits, hamza-less
letters, no diacritics or tatweel) and every span is mapped back to the original
string, so ``sentence[f.span.start:f.span.end] == f.text``.

``Figure.value`` conventions (ASCII digits; see :func:`figure_numbers`):

* percent: ``"15%"``, ``"3.5%"`` (a decimal comma becomes a point);
* money: number, English multiplier, English currency: ``"5 million dollars"``;
* date: the numbers it contains in written order, months as their number,
  joined by a space: ``"30 12 2021"``, ``"10 1"``, ``"10 11 12 1"``;
* time: ``"23:30"`` (``"11"`` for "الساعة 11 صباحا");
* year: ``"2008"``;
* number: ``"1200"``, ``"3.5"``, ``"20 thousand"``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ansum.arabic.normalize import normalize, normalize_map
from ansum.claims.figure_units import (
    HIJRI_RE,
    MEASURE_RE,
    TIME_UNIT_RE,
    canonical_number,
    refine,
)
from ansum.claims.figures_en import numbers_in_english
from ansum.schema import Figure, Span

__all__ = [
    "MONTHS",
    "canonical_number",
    "extract_figures",
    "figure_numbers",
    "missing_figures",
    "numbers_in_english",
]

# --- lexicon (normalized spellings) -------------------------------------------------

#: Month names, normalized, to month numbers: the Levantine/Iraqi series (كانون الثاني …),
#: the Egyptian/Gulf series (يناير …), the Tunisian/Algerian series (جانفي …) and the
#: Moroccan series (يوليوز، غشت …).  Source: common usage, cf. Wikipedia "Arabic names
#: of calendar months".
_MONTH_TABLE = """
1 كانون_الثاني يناير جانفي
2 شباط فبراير فيفري
3 اذار مارس
4 نيسان ابريل افريل
5 ايار مايو ماي
6 حزيران يونيو يونيه جوان
7 تموز يوليو يوليه جويليه يوليوز
8 اب اغسطس اوت غشت
9 ايلول سبتمبر شتنبر
10 تشرين_الاول اكتوبر
11 تشرين_الثاني نوفمبر نونبر
12 كانون_الاول ديسمبر دجنبر
"""
MONTHS: dict[str, int] = {
    name.replace("_", " "): int(line.split()[0])
    for line in _MONTH_TABLE.strip().splitlines()
    for name in line.split()[1:]
}
#: Multiplier words (normalized) and their English scale word.
_MULT = {
    word: scale
    for scale, words in (
        ("thousand", "الف الفا الاف"),
        ("million", "مليون مليونا ملايين"),
        ("billion", "مليار مليارا مليارات بليون بلايين"),
        ("trillion", "تريليون ترليون تريليونات"),
    )
    for word in words.split()
}
_CURRENCY = {
    "dollars": "دولار دولارا دولارات",
    "euros": "يورو اورو",
    "pounds": "جنيه جنيها جنيهات",
    "riyals": "ريال ريالا ريالات",
    "dirhams": "درهم درهما دراهم",
    "dinars": "دينار دينارا دنانير",
    "liras": "ليره ليرات",
    "rubles": "روبل روبلا روبلات",
    "yuan": "يوان",
    "francs": "فرنك فرنكا فرنكات",
    "shekels": "شيكل شيكلا شواكل",
    "fils": "فلس فلسا فلوس",
}
_CURRENCY_WORDS = {w: en for en, ws in _CURRENCY.items() for w in ws.split()}
_SYMBOLS = {"$": "dollars", "€": "euros", "£": "pounds"}
_NATIONALITY = (
    "امريكي اميركي استرليني مصري سعودي اماراتي كويتي اردني تونسي جزائري بحريني عراقي "
    "ليبي قطري عماني يمني مغربي سوداني كندي استرالي لبنانيه تركيه سوريه روسي صيني"
).split()
_TIME_OF_DAY = "صباحا مساء مساءا ظهرا فجرا ليلا عصرا".split()


def _alt(words: Iterable[str]) -> str:
    """Regex alternation of ``words``, longest first, spaces as ``\\s+``."""
    return "|".join(
        re.escape(w).replace(r"\ ", r"\s+") for w in sorted(set(words), key=len, reverse=True)
    )


# "،" glued between digits is a decimal comma in Maghrebi text ("2،9 مليار"); with a
# space after it ("10، 11") it is a list separator and stays outside the number.
_NUM = r"(?<![\d.,،:/a-z])(?<![a-z]-)\d+(?:[.,،]\d+)*(?![a-z]|[.,،]?\d)"
_MULT_RE = rf"(?:{_alt(_MULT)})(?!\w)"
_MONTH_RE = rf"(?:{_alt(MONTHS)})(?![^\W\d])"  # "نوفمبر2006": a digit may follow
_MONTHS2 = rf"{_MONTH_RE}(?:\s*[/(]\s*{_MONTH_RE}(?:\s*\))?)?"
_YEAR_TAIL = r"(?:\s*[,،]?\s*(?:من\s+)?(?:ال)?(?:عام\s+)?(?P<y>(?:19|20)\d\d)(?!\d))?"
# (at most 31 days listed: a bounded repeat keeps the search linear on long number lists)
_DAYS = r"(?<![\d.,:/])\d{1,2}(?:\s*[,،]\s*\d{1,2}|\s*(?:و|-|الي|حتي)\s*\d{1,2}){0,31}"

_YEAR = r"(?:19|20)\d\d"
_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(rx))
    for kind, rx in (
        # ranges of years and dates: "1950- 1953", "2013 /2014", "من فبراير إلى أبريل 2005",
        # "20 و21 أفريل"; Hijri years "١٤٣٦ ــ ١٤٣٧هـ"
        ("range", rf"(?<![\d.,:/]){_YEAR}\s*[-–/]\s*{_YEAR}(?![\d]|[.,:/]\d)"),
        (
            "range",
            rf"(?<!\w){_MONTHS2}\s*(?:-|الي|حتي)\s*{_MONTHS2}\s*[,،]?\s*(?:عام\s+)?{_YEAR}(?!\d)",
        ),
        (
            "range",
            rf"(?<![\d.,:/])\d{{1,2}}\s*(?:و|-|الي|حتي)\s*\d{{1,2}}\s*(?:من\s+)?{_MONTHS2}"
            rf"(?:\s*[,،]?\s*(?:عام\s+)?{_YEAR}(?!\d))?",
        ),
        ("range", r"(?<!\d)1[34]\d\d\s*[-–/]?\s*1[34]\d\d\s*ه(?!\w)"),
        ("date", r"(?<![\d.,:/])\d{1,2}\s*[-–/]\s*\d{1,2}\s*[-–/]\s*1[34]\d\d\s*ه(?!\w)"),
        ("year", HIJRI_RE),
        ("duration", TIME_UNIT_RE),
        ("quantity", MEASURE_RE),
        ("time", r"الساعه\s+\d{1,2}[.,،:]\d\d(?!\d)"),
        ("time", r"(?<![\d.,:/])\d{1,2}\.\d\d(?=\s*(?:بتوقيت|غريني?تش|ت\s*غ|صباحا|مساء))"),
        ("number", r"(?<![\d.,:/])\d{1,2}\s*-\s*صفر|صفر\s*-\s*\d{1,2}(?!\d)"),  # "5-صفر"
        ("date", rf"{_DAYS}\s*(?:من\s+)?(?P<op>\(\s*)?{_MONTHS2}(?(op)(?:\s*\))?){_YEAR_TAIL}"),
        ("date", rf"(?<!\w){_MONTHS2}\s*[,،]?\s*(?:من\s+)?(?:ال)?(?:عام\s+)?(?:19|20)\d\d(?!\d)"),
        (
            "date",
            r"(?<![\d.,:/-])(?:\d{1,2}([/.-])\d{1,2}\1(?:\d{4}|\d\d)|\d{4}([/.-])\d{1,2}\2\d{1,2})"
            r"(?![\d]|[/.-]\d)",
        ),
        (
            "money",
            rf"{_NUM}(?:\s*{_MULT_RE})?\s+(?:من\s+)?(?:ال)?(?:{_alt(_CURRENCY_WORDS)})(?!\w)"
            rf"(?:\s+(?:{_alt(_NATIONALITY)})(?!\w))?",
        ),
        ("money", rf"(?:us)?[$€£]\s?{_NUM}(?:\s*{_MULT_RE})?"),
        ("money", rf"{_NUM}(?:\s*{_MULT_RE})?\s?[$€£]"),
        # a range keeps its lower bound: "15-150%", "بين 1.4 و4.4%", "من 2 الى 3 في المئة"
        (
            "percent",
            rf"(?:{_NUM}\s*(?:[-–]|و|الي|حتي)\s*)?{_NUM}\s?%|%\s?{_NUM}"
            rf"|(?:{_NUM}\s*(?:[-–]|و|الي|حتي)\s*)?{_NUM}\s+(?:في\s*|ب)الما?يه(?!\w)",
        ),
        (
            "time",
            rf"(?:الساعه\s+)?(?<!\d)(?:[01]?\d|2[0-4]):[0-5]\d(?![\d])"
            rf"(?:\s+(?:{_alt(_TIME_OF_DAY)})(?!\w))?",
        ),
        ("time", rf"الساعه\s+\d{{1,2}}(?![\d:.,])(?:\s+(?:{_alt(_TIME_OF_DAY)})(?!\w))?"),
        ("year", r"(?<![\d.,:/])(?:19\d\d|20\d\d|2100)(?![\d]|[.,:/]\d)"),
        ("number", r"(?<![\d.,:/])\d{1,3}:\d{1,3}(?![\d:])"),  # a score such as 3:1
        ("number", rf"{_NUM}(?:\s*{_MULT_RE})?"),
    )
)
_PRIORITY = {
    "range": 0, "date": 1, "money": 2, "percent": 3, "time": 4, "duration": 5, "quantity": 6,
    "year": 7, "number": 8,
}  # fmt: skip

# --- numbers ------------------------------------------------------------------------


def _first_number(text: str) -> str:
    m = re.search(r"\d+(?:[.,\u060c]\d+)*", text)
    return canonical_number(m.group())[0] if m else ""


def _value(kind: str, norm: str, match: re.Match[str]) -> str:
    """The normalized ``Figure.value`` for one match (see the module docstring)."""
    if kind == "range" or (kind in ("date", "year") and re.search(r"\d\s*ه$", norm.rstrip())):
        return _range_value(kind, norm)
    if kind == "duration":
        return _first_number(norm)
    if kind == "time" and re.search(r"\d[.,،]\d\d", norm):
        hour, minute = re.findall(r"\d+", norm)[:2]
        return f"{int(hour)}:{minute}"
    if kind == "number" and "صفر" in norm:
        nums = re.findall(r"\d+", norm)
        return f"{nums[0]}-0" if norm.strip()[0].isdigit() else f"0-{nums[0]}"
    if kind == "date":
        if re.fullmatch(r"[\d/.\-]+", norm):
            return " ".join(str(int(p)) for p in re.split(r"[/.\-]", norm))
        out = [str(int(n)) for n in re.findall(r"\d+", re.split(_MONTH_RE, norm, maxsplit=1)[0])]
        month = re.search(_MONTH_RE, norm)
        if month:
            out.append(str(MONTHS[re.sub(r"\s+", " ", month.group())]))
        year = re.search(r"(?:19|20)\d\d(?!\d)\s*$", norm)
        if year:
            out.append(year.group().strip())
        return " ".join(out)
    if kind == "time":
        m = re.search(r"\d{1,2}:\d\d", norm)
        return m.group() if m else _first_number(norm)
    if kind == "number" and ":" in norm:
        return norm  # a score: "3:1"
    number = _first_number(norm)
    mult = re.search(_MULT_RE, norm)
    scaled = f"{number} {_MULT[mult.group()]}" if mult else number
    if kind == "percent":
        numbers = [canonical_number(n)[0] for n in re.findall(r"\d+(?:[.,\u060c]\d+)*", norm)]
        return f"{numbers[0]}-{numbers[-1]}%" if len(numbers) > 1 else f"{number}%"
    if kind == "money":
        word = next(
            (w for w in re.findall(r"\w+", norm) if w.removeprefix("ال") in _CURRENCY_WORDS), None
        )
        symbol = next((c for c in norm if c in _SYMBOLS), None)
        currency = (
            _CURRENCY_WORDS[word.removeprefix("ال")] if word else _SYMBOLS.get(symbol or "$", "")
        )
        return f"{scaled} {currency}"
    return scaled


def _range_value(kind: str, norm: str) -> str:
    """Value of a range or a Hijri date: "1950-1953", "1436-1437 AH", "2 2005/4 2005"
    (dates in the date convention, joined by "/"), "20 4/21 4", "2 5 1435 AH"."""
    nums = [str(int(n)) for n in re.findall(r"\d+", norm)]
    if norm.rstrip().endswith("ه"):
        return (" ".join(nums) if kind == "date" else "-".join(nums)) + " AH"
    months = [MONTHS[re.sub(r"\s+", " ", m.group())] for m in re.finditer(_MONTH_RE, norm)]
    year = [n for n in nums if len(n) == 4]
    if not months:
        return "-".join(nums)
    if len(set(months)) > 1:  # "من فبراير إلى أبريل 2005"
        return f"{months[0]} {' '.join(year)}/{months[-1]} {' '.join(year)}".replace(" /", "/")
    days = [n for n in nums if len(n) <= 2]
    tail = f" {months[0]}" + (f" {year[0]}" if year else "")
    return "/".join(d + tail for d in days[:2])


def extract_figures(text: str) -> list[Figure]:
    """Find the figures of one sentence (or any text).

    Args:
        text: the original text (diacritics, tatweel, any digit script).

    Returns:
        Figures in order of position, non-overlapping: where matches overlap the
        longest wins (then the more specific kind: date, money, percent, time,
        year, number).  ``Figure.span`` indexes ``text`` (characters) and
        ``Figure.text == text[span.start:span.end]``; ``value`` follows the
        conventions of this module's docstring.  Empty when there is none.
    """
    norm, index = normalize_map(text)
    candidates: list[tuple[int, int, str, re.Match[str]]] = []
    for kind, pattern in _PATTERNS:
        for m in pattern.finditer(norm):
            if kind == "date" and not _valid_numeric_date(m.group()):
                continue
            if kind == "year" and not _looks_like_year(norm, m.start(), m.end()):
                continue  # "2000 شخص": the number pattern keeps it as a number
            candidates.append((m.start(), m.end(), kind, m))
    candidates.sort(key=lambda c: (-(c[1] - c[0]), _PRIORITY[c[2]], c[0]))
    taken: list[tuple[int, int, str, re.Match[str]]] = []
    for cand in candidates:
        if all(cand[1] <= t[0] or cand[0] >= t[1] for t in taken):
            taken.append(cand)
    found = []
    for start, end, kind, m in sorted(taken, key=lambda c: c[0]):
        while end > start and not norm[end - 1].isalnum() and norm[end - 1] not in "%$€£)":
            end -= 1
        value = _value(kind, m.group(), m)
        if kind == "percent" and len(re.findall(r"\d+(?:[.,،]\d+)*", m.group())) > 1:
            kind = "range"  # "15-150%", "بين 1.4 و4.4%"
        found.append((start, end, kind, value))
    out = []
    for (start, end, _, _), (kind, value, unit) in zip(found, refine(norm, found), strict=True):
        o_start, o_end = index[start], index[end - 1] + 1
        out.append(Figure(text[o_start:o_end], Span(o_start, o_end), kind, value, unit))
    return out


#: Words before a number that make it a year ("لعام 2008", "منذ 2011", "مطلع 2020").
_YEAR_CUES = set(
    "عام العام عامي سنه السنه سنتي منذ في حتي الي مطلع منتصف نهايه بدايه اواخر اوائل اواسط "
    "خلال قبل بعد موسم ربيع صيف خريف شتاء مواليد مونديال كاس دوره ميزانيه انتخابات العالم".split()
)


def _looks_like_year(norm: str, start: int, end: int) -> bool:
    """Is the 4-digit number at ``norm[start:end]`` a year? (cue word before, or no word after)."""
    if re.search(r"(?:19|20)\d\d\s*(?:و|-|/|الي|حتي|او)\s*$", norm[max(0, start - 12) : start]):
        return True  # "2016 و2017": the second is a year too
    if re.match(r"\s*(?:و|-|/|الي|حتي|او)\s*(?:19|20)\d\d(?!\d)", norm[end : end + 12]):
        return True  # "للفترة من 2018 حتى 2020": the first is a year too
    before = re.findall(r"\w+", norm[max(0, start - 20) : start])
    if before:
        word = before[-1]
        stripped = word[1:] if word[:1] in "وف" else word
        if {word, stripped, stripped[1:] if stripped[:1] in "بل" else word} & _YEAR_CUES:
            return True
    after = re.match(r"\s*(\w*)", norm[end:]).group(1)
    # "كأس العالم 2018 لكرة القدم": a prepositional phrase follows a year, not a count
    return after in ("", "م", "ء", "ه") or after[:1].isdigit()


def _valid_numeric_date(s: str) -> bool:
    """Reject numeric "dates" whose month or day is out of range (e.g. 45/13/2020)."""
    if not re.fullmatch(r"[\d/.\-]+", s):
        return True
    parts = [int(p) for p in re.split(r"[/.\-]", s)]
    if parts[0] > 31:  # yyyy/mm/dd
        return 1 <= parts[1] <= 12 and 1 <= parts[2] <= 31
    return 1 <= parts[0] <= 31 and 1 <= parts[1] <= 31 and min(parts[0], parts[1]) <= 12


def figure_numbers(figure: Figure | str) -> list[str]:
    """Return the ASCII numbers a figure (or a raw Arabic/any text) contains, in order.

    A :class:`~ansum.schema.Figure` is read from its ``value`` (``"30 12 2021"`` ->
    ``["30", "12", "2021"]``, ``"23:30"`` -> ``["23", "30"]``, ``"3.5%"`` -> ``["3.5"]``);
    a string is normalized first (any digit script, thousands separators removed,
    decimal point kept).  Leading zeros and trailing fractional zeros are dropped.
    """
    src = figure.value if isinstance(figure, Figure) else normalize(figure)
    return [n for raw in re.findall(r"\d+(?:[.,]\d+)*", src) for n in canonical_number(raw)]


# --- English side: :mod:`ansum.claims.figures_en` -------------------------------------


def missing_figures(ar_figures: Iterable[Figure], en_text: str) -> list[Figure]:
    """Return the Arabic figures whose numbers do not all appear in ``en_text``.

    Args:
        ar_figures: figures of an Arabic sentence (from :func:`extract_figures`).
        en_text: its English translation.

    Returns:
        The figures (same objects, same order) with at least one number of
        :func:`figure_numbers` missing from :func:`numbers_in_english`; empty when
        every figure survives.  A date "10 كانون الثاني/يناير" survives as
        "January 10" or "10 January"; "23:30" as "23:30" or "11:30 pm".
    """
    en_numbers = numbers_in_english(en_text)
    return [f for f in ar_figures if not set(figure_numbers(f)) <= en_numbers]

