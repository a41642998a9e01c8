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
from ansum.schema import Figure, Span

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
_NUM = r"(?<![\d.,،:/a-z])\d+(?:[.,،]\d+)*(?![a-z]|[.,،]?\d)"
_MULT_RE = rf"(?:{_alt(_MULT)})(?!\w)"
_MONTH_RE = rf"(?:{_alt(MONTHS)})(?![^\W\d])"  # "نوفمبر2006": a digit may follow
_MONTHS2 = rf"{_MONTH_RE}(?:\s*[/(]\s*{_MONTH_RE}(?:\s*\))?)?"
_YEAR_TAIL = r"(?:\s*[,،]?\s*(?:من\s+)?(?:ال)?(?:عام\s+)?(?P<y>(?:19|20)\d\d)(?!\d))?"
# (at most 31 days listed: a bounded repeat keeps the search linear on long number lists)
_DAYS = r"(?<![\d.,:/])\d{1,2}(?:\s*[,،]\s*\d{1,2}|\s*(?:و|-|الي|حتي)\s*\d{1,2}){0,31}"

_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(rx))
    for kind, rx in (
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
_PRIORITY = {"date": 0, "money": 1, "percent": 2, "time": 3, "year": 4, "number": 5}

# --- numbers ------------------------------------------------------------------------


def canonical_number(num: str) -> list[str]:
    """Return the canonical ASCII forms of one written number (a list: most give one).

    ``"1,200"`` -> ``["1200"]``; ``"3,5"`` (decimal comma) -> ``["3.5"]``;
    ``"1.200.000"`` -> ``["1200000"]``; ``"007"`` -> ``["7"]``; ``"3.50"`` -> ``["3.5"]``;
    anything else with several separators (``"1.2.3"``) -> its parts.
    Input must already use ASCII digits; an Arabic comma ``"،"`` counts as ``","``.
    """
    num = num.replace("\u060c", ",")
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?", num):
        num = num.replace(",", "")  # 1,200 / 1,200.5: thousands commas
    elif re.fullmatch(r"\d{1,3}(?:\.\d{3}){2,}", num):
        num = num.replace(".", "")  # 1.200.000: thousands points
    elif re.fullmatch(r"\d+,\d+", num):
        num = num.replace(",", ".")
    elif not re.fullmatch(r"\d+(?:\.\d+)?", num):
        return [p for part in re.split(r"[.,]", num) if part for p in canonical_number(part)]
    whole, _, frac = num.partition(".")
    whole = whole.lstrip("0") or "0"
    frac = frac.rstrip("0")
    return [f"{whole}.{frac}" if frac else whole]


def _first_number(text: str) -> str:
    m = re.search(r"\d+(?:[.,\u060c]\d+)*", text)
    return canonical_number(m.group())[0] if m else ""


def _value(kind: str, norm: str, match: re.Match[str]) -> str:
    """The normalized ``Figure.value`` for one match (see the module docstring)."""
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
    out = []
    for start, end, kind, m in sorted(taken, key=lambda c: c[0]):
        while end > start and not norm[end - 1].isalnum() and norm[end - 1] not in "%$€£)":
            end -= 1
        o_start, o_end = index[start], index[end - 1] + 1
        out.append(
            Figure(text[o_start:o_end], Span(o_start, o_end), kind, _value(kind, m.group(), m))
        )
    return out


#: Words before a number that make it a year ("لعام 2008", "منذ 2011", "مطلع 2020").
_YEAR_CUES = set(
    "عام العام عامي سنه السنه سنتي منذ في حتي الي مطلع منتصف نهايه بدايه اواخر اوائل اواسط "
    "خلال قبل بعد موسم ربيع صيف خريف شتاء مواليد مونديال كاس دوره ميزانيه انتخابات".split()
)


def _looks_like_year(norm: str, start: int, end: int) -> bool:
    """Is the 4-digit number at ``norm[start:end]`` a year? (cue word before, or no word after)."""
    before = re.findall(r"\w+", norm[max(0, start - 20) : start])
    if before:
        word = before[-1]
        stripped = word[1:] if word[:1] in "وف" else word
        if {word, stripped, stripped[1:] if stripped[:1] in "بل" else word} & _YEAR_CUES:
            return True
    after = re.match(r"\s*(\w*)", norm[end:]).group(1)
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


# --- English side -------------------------------------------------------------------

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
