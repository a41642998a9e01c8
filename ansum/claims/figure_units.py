"""Units, counted nouns and the labelling convention of figures (see :mod:`ansum.claims.figures`).

:func:`refine` gives every figure its ``unit`` (the currency, time unit, measure or
counted noun, in its singular form) and settles the kinds that need context: an age
("البالغ من العمر 65 عاما", "حفتر، 75 عاما،") versus a duration ("منذ 35 عاما"), and
the lower bound of a money range ("100 إلى 150 ريالا": both are money).
:func:`label_value` writes a value in the convention of the hand labels
(tests/data/claims_labels_v2.json): multipliers expanded, ISO dates, ``HH:MM`` times.

All words are in the normalized spelling of :func:`ansum.arabic.normalize.normalize`.
Singular forms: Modern Standard Arabic broken plurals of the counted nouns most
frequent after numbers in ../shared/data (a table), else the sound-plural and
accusative (tanween) endings removed.
"""

from __future__ import annotations

import re
from dataclasses import replace

from ansum.arabic.stopwords import STOPWORDS
from ansum.schema import Figure

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


# --- units ----------------------------------------------------------------------------

#: Time units after a number (duration or age): written forms -> singular.
TIME_UNITS = {
    w: unit
    for unit, words in (
        ("سنه", "عاما عام اعوام سنه سنوات سنين"),
        ("شهر", "شهرا شهر اشهر شهور"),
        ("يوم", "يوما يوم ايام"),
        ("قرن", "قرنا قرن قرون"),
        ("ساعه", "ساعه ساعات"),
        ("اسبوع", "اسبوعا اسبوع اسابيع"),
        ("دقيقه", "دقيقه دقايق"),
    )
    for w in words.split()
}
#: Measures after a number ("150 مليون برميل", "36 ألف كيلومتر").
MEASURES = {
    w.replace("_", " "): unit.replace("_", " ")
    for unit, words in (
        ("برميل", "برميل براميل برميلا"),
        ("متر_مكعب", "متر_مكعب مترا_مكعبا امتار_مكعبه"),
        ("كيلومتر", "كيلومتر كيلومترا كيلومترات"),
        ("كلم", "كلم كم"),
        ("طن", "طن طنا اطنان"),
        ("ميغاواط", "ميغاواط ميجاوات"),
        ("هكتار", "هكتار هكتارا هكتارات"),
        ("لتر", "لتر لترا لترات"),
        ("بوصه مربعه", "بوصه_مربعه"),
        ("كيلوغرام", "كيلوغرام كيلوغراما كلغ"),
        ("متر", "متر مترا امتار"),
    )
    for w in words.split()
}


def _alt(words) -> str:
    ordered = sorted(words, key=len, reverse=True)
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ordered)


_N = r"(?<![\d.,،:/a-z])\d+(?:[.,،]\d+)*(?![a-z]|[.,،]?\d)"
_MULT = r"(?:\s*(?:الف|الفا|الاف|مليون|مليونا|ملايين|مليار|مليارا|مليارات))?"
#: A number with a time unit: "65 عاما", "4 أشهر", "21 يوما".
TIME_UNIT_RE = rf"{_N}\s*(?:{_alt(TIME_UNITS)})(?!\w)"
#: A number with a measure: "150 مليون برميل".
MEASURE_RE = rf"{_N}{_MULT}\s*(?:{_alt(MEASURES)})(?!\w)"
#: A Hijri year or range: "1435 هـ", "١٤٣٦ ــ ١٤٣٧هـ" (tatweel is gone after normalizing).
HIJRI_RE = r"(?<!\d)1[34]\d\d(?:\s*[-–/]?\s*1[34]\d\d)?\s*ه(?!\w)"

_CURRENCY_AR = {
    "dollars": "دولار", "euros": "يورو", "pounds": "جنيه", "riyals": "ريال",
    "dirhams": "درهم", "dinars": "دينار", "liras": "ليره", "rubles": "روبل",
    "yuan": "يوان", "francs": "فرنك", "shekels": "شيكل", "fils": "فلس",
}  # fmt: skip
#: Broken plurals of counted nouns (plural -> singular).
_PLURALS = dict(
    pair.split(":")
    for pair in (
        "اشخاص:شخص دول:دوله بنوك:بنك صواريخ:صاروخ اعضاء:عضو مقاعد:مقعد نواب:نايب ملفات:ملف "
        "قتلي:قتيل جرحي:جريح اطفال:طفل رجال:رجل نساء:امراه مدن:مدينه قري:قريه ابناء:ابن "
        "مشاريع:مشروع احزاب:حزب طلاب:طالب جنود:جندي مواقع:موقع منازل:منزل بيوت:بيت "
        "اسر:اسره سجناء:سجين معتقلين:معتقل لاجيين:لاجي عناصر:عنصر انواع:نوع شركات:شركه "
        "مرات:مره اضعاف:ضعف ولايات:ولايه مراكز:مركز محطات:محطه"
    ).split()
)
_SINGULARS = frozenset(_PLURALS.values())
_AGE_CUES = frozenset("العمر عمره عمرها عمرهم البالغ البالغه يبلغ تبلغ بلغ".split())


#: Counted nouns that begin with و (not the conjunction): the most frequent "N وX" nouns
#: after numbers in ../shared/data/corpus/ant-2018.jsonl.gz (first 12,000 articles).
_WAW_COUNTED = {"وظيفه": "وظيفه", "وظايف": "وظيفه", "وحده": "وحده", "وحدات": "وحده",
                "وزيرا": "وزير", "وزراء": "وزير", "ولايه": "ولايه", "ولايات": "ولايه",
                "واقعه": "واقعه", "وقايع": "واقعه", "وسيله": "وسيله", "وسايل": "وسيله",
                "ورقه": "ورقه", "اوراق": "ورقه"}  # fmt: skip


def counted_noun(word: str) -> str | None:
    """The singular of a counted noun written after a number, or None when ``word`` is not
    one (a function word, a definite or conjoined word, a month or multiplier)."""
    if word in _WAW_COUNTED:
        return _WAW_COUNTED[word]
    if word in _PLURALS or word in _SINGULARS:  # "300 ألف لاجئ": ل here is no preposition
        return _PLURALS.get(word, word)
    if (
        len(word) < 2
        or not word.isalpha()
        or word in STOPWORDS
        or word.startswith(("ال", "و", "ف", "ب", "ي", "لل"))  # a prepositional phrase or a verb
        or (word[:1] == "ل" and not word.endswith(("ا", "ين", "ون")))  # "لمدة"; not "لاعبين"
        or word in TIME_UNITS
    ):
        return None
    if word in _PLURALS:
        return _PLURALS[word]
    for suffix in ("يين", "ين", "ون"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)] + ("ي" if suffix == "يين" else "")
    if word.endswith("ات") and len(word) >= 5:
        return word[:-2] + "ه"
    if word.endswith("ا") and len(word) >= 4:
        return word[:-1]
    return word


def _next_word(norm: str, end: int) -> str:
    m = re.match(r"\s*(?:من\s+)?([^\W\d_]+)", norm[end:])
    return m.group(1) if m else ""


def refine(
    norm: str, figures: list[tuple[int, int, str, str]]
) -> list[tuple[str, str, str | None]]:
    """Kind, value and unit of each figure found in ``norm`` (normalized text).

    Args:
        norm: the normalized sentence.
        figures: ``(start, end, kind, value)`` per figure, in order, in ``norm`` offsets.

    Returns:
        A list as long as ``figures`` of ``(kind, value, unit)``.
    """
    out: list[tuple[str, str, str | None]] = []
    for k, (start, end, kind, value) in enumerate(figures):
        text = norm[start:end]
        unit: str | None = None
        if kind == "percent" or (kind == "range" and text.endswith("%")):
            unit = "%"
        elif kind == "money":
            unit = _CURRENCY_AR.get(value.rsplit(" ", 1)[-1])
        elif kind in ("duration", "age"):
            unit = TIME_UNITS.get(text.split()[-1]) if " " in text else None
            unit = unit or next((u for w, u in TIME_UNITS.items() if text.endswith(w)), None)
            before = re.findall(r"[^\W\d_]+", norm[max(0, start - 25) : start])[-3:]
            around = norm[:start].rstrip()[-1:] + norm[end:].lstrip()[:1]
            if unit == "سنه" and (_AGE_CUES & set(before) or around in ("()", "،،", "،)")):
                kind = "age"
            else:
                kind = "duration"
        elif kind == "quantity":
            unit = next((u for w, u in sorted(MEASURES.items(), key=lambda x: -len(x[0]))
                         if _ends_with_word(text, w)), None)
        elif kind == "range" and "ه" in text and not text.endswith("%"):
            unit = "سنه هجريه"
        elif kind == "number" and re.fullmatch(r"\d{1,2}", text) and (
            re.search(r"(?:^|\s)يومي?\s*$", norm[:start])
            or (
                out
                and out[-1][0] == "date"
                and re.fullmatch(r"\s*و\s*", norm[figures[k - 1][1] : start])
            )
        ):
            kind = "date"  # "يومي 23 و27 من الشهر نفسه": two days of a month
        elif kind == "number":
            if norm[:start].rstrip().endswith("الدقيقه"):
                unit = "دقيقه"  # "في الدقيقة 27": a match minute
            elif re.search(r"صفر", text):
                unit = "هدف"
            else:
                unit = counted_noun(_next_word(norm, end))
            kind, value, unit = _elided_unit(norm, figures, out, k, (kind, value, unit))
            nxt = figures[k + 1] if k + 1 < len(figures) else None
            if nxt and nxt[2] == "money" and re.fullmatch(
                r"\s*(?:الي|و|-|–|حتي)\s*", norm[end : nxt[0]]
            ):  # "100 إلى 150 ريالا": the lower bound is money too
                kind, currency = "money", nxt[3].split()[-1]
                value, unit = f"{value} {currency}", _CURRENCY_AR.get(currency)
        out.append((kind, value, unit))
    return out


#: Words before a number that compare it with the figure before ("98 نائبا من إجمالي 128",
#: "541 مليار جنيه مقابل 437 مليار", "71 صاروخا من أصل 103").
_COMPARED = re.compile(r"(?:من\s+(?:اصل|اجمالي|بين)|مقابل|بدلا\s+من)\s*$")
_OF_THEM = ("منها", "منهم", "منهن")  # "نجحت في اعتراض 71 منها"


def _elided_unit(
    norm: str,
    figures: list[tuple[int, int, str, str]],
    out: list[tuple[str, str, str | None]],
    k: int,
    current: tuple[str, str, str | None],
) -> tuple[str, str, str | None]:
    """A plain number whose unit is the one of an earlier figure, elided: after a
    comparison word (:data:`_COMPARED`) with no counted noun of its own, or before
    منها/منهم ("71 منها" after "103 صواريخ"); a scaled number ("437 مليار") after
    money and مقابل is money in the same currency.  Else ``current`` unchanged."""
    kind, value, unit = current
    prev = next((o for o in reversed(out) if o[2]), None)
    if prev is None:
        return current
    start, end = figures[k][0], figures[k][1]
    compared = _COMPARED.search(norm[max(0, start - 14) : start]) is not None
    scaled = " " in value  # "437.908 billion"
    if prev[0] == "money" and compared and scaled:
        return "money", f"{value} {prev[1].split()[-1]}", prev[2]
    if prev[0] in ("number", "quantity") and unit is None:
        if compared or _next_word(norm, end) in _OF_THEM or norm[end:].lstrip().startswith(
            _OF_THEM
        ):
            return kind, value, prev[2]
    return current


def with_unit(fig: Figure, unit: str | None) -> Figure:
    """``fig`` with ``unit`` set."""
    return replace(fig, unit=unit)


# --- the labelling convention -----------------------------------------------------------

_SCALE_WORDS = {"thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12}


def _expand(number: str, scale: str | None) -> str:
    """``"1.96", "billion"`` -> ``"1960000000"`` (exact decimal arithmetic)."""
    if not scale:
        return number
    whole, _, frac = number.partition(".")
    zeros = len(str(_SCALE_WORDS[scale])) - 1
    digits = (whole + frac).lstrip("0") or "0"
    if len(frac) > zeros:
        cut = len(digits) - len(frac) + zeros
        return canonical_number(f"{digits[:cut] or '0'}.{digits[cut:]}")[0]
    return digits + "0" * (zeros - len(frac))


def label_value(fig: Figure) -> str:
    """``fig.value`` in the convention of the hand labels (tests/data/claims_labels_v2.json).

    Multipliers expanded and no currency or sign (``"5 million dollars"`` ->
    ``"5000000"``, ``"15%"`` -> ``"15"``); dates ISO ``YYYY-MM-DD``, ``YYYY-MM`` or
    ``MM-DD``; times ``HH:MM`` (a match minute stays a number); ranges ``A-B`` (dates:
    ``X/Y``); Hijri values keep their `` AH``; other values unchanged.
    """
    value = fig.value
    if fig.kind == "date":
        return _iso_date(value)
    if fig.kind == "time" and fig.unit is None and re.fullmatch(r"\d{1,2}(?::\d\d)?", value):
        hour, _, minute = value.partition(":")
        return f"{int(hour):02d}:{minute or '00'}"
    if fig.kind == "range" and "/" in value:
        return "/".join(_iso_date(part) for part in value.split("/"))
    m = re.match(  # a prefix match: no trailing ".*" to backtrack over (linear)
        r"(\d+(?:\.\d+)?)(?:-(\d+(?:\.\d+)?))?(?: (thousand|million|billion|trillion))?", value
    )
    if m and fig.kind not in ("year", "time") and not value.endswith("AH"):
        low = _expand(m[1], m[3])
        return f"{low}-{_expand(m[2], m[3])}" if m[2] else low
    return value.rstrip("%")


def _iso_date(value: str) -> str:
    """``"30 12 2021"`` -> ``"2021-12-30"``, ``"10 1"`` -> ``"01-10"``, ``"3 2015"`` ->
    ``"2015-03"``, ``"2021 12 30"`` -> ``"2021-12-30"``; a trailing `` AH`` is kept."""
    hijri = value.endswith(" AH")
    parts = [int(p) for p in value.removesuffix(" AH").split() if p.isdigit()]
    if len(parts) == 3 and parts[0] > 31:
        parts = [parts[2], parts[1], parts[0]]
    if len(parts) == 2 and parts[1] > 31:
        out = f"{parts[1]:04d}-{parts[0]:02d}"
    elif len(parts) == 3:
        out = f"{parts[2]:04d}-{parts[1]:02d}-{parts[0]:02d}"
    elif len(parts) == 2:
        out = f"{parts[1]:02d}-{parts[0]:02d}"
    else:
        return value
    return out + (" AH" if hijri else "")


def _ends_with_word(text: str, word: str) -> bool:
    """True when ``text`` ends with ``word`` after a space (or is ``word``); no regex."""
    padded = " " + text
    return padded.endswith(word) and padded[-len(word) - 1].isspace()
