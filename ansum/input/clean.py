"""Noise removal for Arabic news text, keeping what it says about the article.

:func:`clean_text` takes decoded, sanitized text and returns the body (paragraphs
joined by a blank line), an :class:`~ansum.schema.ArticleMeta` with the title,
source and date it found, and the lines it took out.  It removes, and only removes:

* the headline when it opens the text (repeated, as on UrduPoint/Sputnik pages, or
  a short unpunctuated line before a full paragraph): it becomes ``meta.title``;
* an agency dateline at the start of the first paragraph ("القاهرة (رويترز) -",
  "( أردو بوینت نتورك ۔ / سبوتنيك - 30 ديسمبر 2021ء)", "عمان - الرأي -"): the
  agency becomes ``meta.source`` and a date in it ``meta.date``; the rest of the
  paragraph stays;
* whole lines that are page furniture: continuation markers ("(تستمر)", "(يتبع)"),
  comment prompts ("أفكارك وتعليقاتك", "أضف تعليقك"), related-story lines ("اقرأ
  أيضا: …", and the headline list after a lone "اقرأ أيضاً:"), app promotions,
  opinion disclaimers, separators ("-----"), and a reprint or agency credit at the
  end ("*نقلاً عن الأهرام المصرية", "فرانس24/ أ ف ب").

It never cuts inside a sentence except for the dateline.  Hard-wrapped text (lines
broken at a fixed width, as in EASC) is rejoined into paragraphs first.  Known
limit: BBC Arabic pages also carry related-story headlines with no marker before
them; those cannot be told from subheadings and are kept.

The patterns come from the articles in ``shared/data`` (ANT corpus, SaudiNewsNet,
EASC, the Kremlin seed article); see tests/test_clean.py.
"""

from __future__ import annotations

import re

from ansum.schema import ArticleMeta

_SPACES = re.compile(r"[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
_DIACRITICS = re.compile(r"[\u064b-\u0652\u0670\u0640]")
_FINAL = tuple(".!?؟…۔")
_BULLET = re.compile(r"^(?:[-–—•*·▪●]|\d{1,2}[-.)]|[a-zA-Z\u0621-\u064a][-.)])\s")

_MONTHS = (
    "يناير|فبراير|مارس|أبريل|إبريل|ابريل|مايو|يونيو|يونيه|يوليو|يوليه|أغسطس|اغسطس|سبتمبر|"
    "أكتوبر|اكتوبر|نوفمبر|ديسمبر|كانون الثاني|كانون الأول|شباط|آذار|نيسان|أيار|حزيران|تموز|"
    "آب|أيلول|تشرين الأول|تشرين الثاني|جانفي|فيفري|أفريل|ماي|جوان|جويلية|أوت"
)
_DATE = re.compile(
    rf"[0-9٠-٩۰-۹]{{1,2}}\s*(?:{_MONTHS})(?:\s*/\s*(?:{_MONTHS}))?\s*[0-9٠-٩۰-۹]{{4}}"
    r"|[0-9٠-٩۰-۹]{1,4}[/.\-][0-9٠-٩۰-۹]{1,2}[/.\-][0-9٠-٩۰-۹]{2,4}"
)
_ERA = re.compile(r"(?<=[0-9٠-٩۰-۹])\s*(?:ء|م|هـ)$")

#: News agencies and outlets seen in datelines and credits, folded (see ``_key``).
_AGENCIES = frozenset(
    "رويترز افب فرانسبرس وكالةفرانسبرس دبا اب اسوشيتدبرس الاناضول سبوتنيك روسيااليوم تاس "
    "نوفوستي شينخوا يوبياي واس وام قنا كونا بترا سانا وفا معا اشا بنا العمانية الراي سبق "
    "cnn bbc afp ap reuters dpa فرانس24 بيبيسي سيانان الجزيرة العربية سكاينيوز ارنا فارس "
    "تسنيم ايسنا".split()
)

_W = r"[^\s()\[\]:،,.\-–—/\"«»]+"
_NAME = rf"{_W}(?:\s+{_W}){{0,3}}"
_DASH = r"[-–—]"
#: "PLACE، COUNTRY (AGENCY) --", "PLACE - (AGENCY) -", "(AGENCY)-".
_PAREN_DATELINE = re.compile(
    rf"^(?:(?P<place>{_NAME}(?:\s*[،,]\s*{_NAME})?)\s*{_DASH}?\s*)?"
    rf"[(\[]\s*(?P<agency>[^()\[\]\n\d]{{1,40}}?)\s*[)\]]\s*(?:{_DASH}+|:)\s*"
)
#: "( أردو بوینت نتورك ۔ / سبوتنيك - 30 ديسمبر 2021ء)" at the very start.
_GROUP_DATELINE = re.compile(r"^[(\[]\s*(?P<inner>[^()\[\]\n]{3,100}?)\s*[)\]]\s*(?:[-–—]+|:)?\s*")
#: "عمان - الرأي - ", "سعود الدعجاني - سبق - عسير: ".
_SEGMENT_DATELINE = re.compile(rf"^(?P<segs>{_NAME}(?:\s*{_DASH}\s*{_NAME}){{1,2}})\s*[-–—:]\s+")

_CONTINUATION = re.compile(
    r"^[(\[«\-–—/*\s]*(?:تستمر|يتبع|يتبـع|تتمة|تابع|البقية|للخبر بقية|انتهى|النهاية|مستمر)"
    r"[)\]»\-–—/*.\s]*$"
)
_SEPARATOR = re.compile(r"^[-_=*~•·#+.\s]{3,}$")

_COMMENT_PROMPTS = ("افكارك وتعليقاتك", "اضف تعليق", "شاركنا رايك", "شاركونا ارائكم",
                    "اضافه تعليق", "اترك تعليق")
_COMMENT_HEADINGS = ("التعليقات", "تعليقات", "تعليقات القراء", "تعليقات الزوار")
_RELATED = ("اقرا ايضا", "اقرا كذلك", "اقرا المزيد", "شاهد ايضا", "طالع ايضا", "مواضيع ذات صله",
            "موضوعات ذات صله", "اخبار ذات صله", "قد يهمك", "اخترنا لكم", "المزيد حول")
#: A related-links lead with its list after a colon or dash ("اقرا ايضا: …"), for ``match``.
_RELATED_LEAD = re.compile("(?:" + "|".join(map(re.escape, _RELATED)) + r")\s*[:\-–—]\s*\S")
_PROMOS = ("يمكنكم تسلم اشعارات", "يمكنكم استلام اشعارات", "تابعونا على")


def _norm(line: str) -> str:
    return _SPACES.sub(" ", line).strip()


def _fold(text: str) -> str:
    """Arabic-insensitive form for matching: no diacritics or tatweel, one alef/ya/ha."""
    text = _DIACRITICS.sub("", text).lower()
    return text.translate(str.maketrans("أإآٱىة", "اااايه"))


def _key(text: str) -> str:
    return re.sub(r"[\s.]+", "", _fold(text))


def _words(line: str) -> int:
    return len(line.split())


def _ends_sentence(line: str) -> bool:
    return line.rstrip("\"'»”)]").endswith(_FINAL)


def _unwrap(raw_lines: list[str]) -> list[str]:
    """Rejoin lines of hard-wrapped text; return one entry per paragraph or blank line."""
    lines = [_norm(x) for x in raw_lines]
    full = [x for x in lines if x]
    if len(full) < 4:
        return lines
    lengths = sorted(len(x) for x in full)
    width = lengths[int(0.9 * (len(lengths) - 1))]  # robust to one overlong line
    # Wrapped text: lines that stop mid-sentence are (nearly) all close to the width.
    open_lines = [x for x in full[:-1] if not _ends_sentence(x)]
    if (width > 160 or len(open_lines) < 3
            or sum(len(x) >= 0.75 * width for x in open_lines) < 0.8 * len(open_lines)):
        return lines
    out: list[str] = []
    last_len = 0  # length of the previous physical line
    for line in lines:
        joins = (line and out and out[-1] and last_len >= 0.6 * width
                 and not _ends_sentence(out[-1]) and not _BULLET.match(line))
        if joins:
            out[-1] = f"{out[-1]} {line}"
        else:
            out.append(line)
        last_len = len(line)
    return out


def _headline_like(line: str) -> bool:
    """A short line that does not end like a body sentence.  Headlines are often
    questions or exclamations ("هل يهدد …؟", "… كما «كنت»!"), so ? ! ؟ are allowed;
    a final period, colon or comma is not."""
    bare = line.rstrip("\"'»”)]")
    return (_words(line) <= 25 and len(line) <= 200
            and not bare.endswith((".", ":", "،", ",", "؛", ";"))
            and not _BULLET.match(line))


#: A headline may trail off ("… تعرف عليها..", "…السكري.."); a body sentence ends in one period.
# (?<!\.): a run of dots is tried from its first dot only, which keeps the search linear
_ELLIPSIS = re.compile(r"(?:(?<!\.)\.{2,}|…)$")


#: Most words in a headline set apart by a blank line: the 99.9th percentile of the
#: 31,450 ANT-2018 corpus titles is 17 words (maximum 21), while a lead sentence without
#: its final period is usually longer.
_SET_APART_WORDS = 20


def _blank_before(lines: list[str]) -> list[bool]:
    """For each non-empty entry of ``lines`` (as :func:`_unwrap` returns them), whether a
    blank line comes right before it."""
    out, blank = [], False
    for line in lines:
        if line:
            out.append(blank)
        blank = not line
    return out


def _set_apart(blank: list[bool] | None) -> bool:
    """Whether the first paragraph alone is set apart by a blank line: a blank line after
    it, and none between the paragraphs that follow ("headline, blank line, text")."""
    return bool(blank) and len(blank) >= 2 and blank[1] and not any(blank[2:])


def _take_title(paras: list[tuple[int, str]], removed: list[tuple[int, str]],
                blank: list[bool] | None = None) -> str:
    """Detect the headline at the top; move it from ``paras`` to ``removed``; return it.

    A headline-like first line (:func:`_headline_like`) is taken when the next paragraph
    repeats it, when that paragraph is a full sentence at least twice (three times for
    a two-paragraph text) as long, or, when ``blank`` (one flag per paragraph: a blank
    line before it) shows the first line alone set apart by a blank line, when it has at
    most :data:`_SET_APART_WORDS` words (a final ".." or "…" allowed) and is followed
    by two paragraphs or by one at least as long.  The last rule is the layout
    of a file written as "headline, blank line, text"; in text whose paragraphs are all
    separated by blank lines it never applies.
    """
    if len(paras) < 2:
        return ""
    first, second = paras[0][1], paras[1][1]
    if first == second and len(first) <= 300:
        removed += paras[:2]
        del paras[:2]
        return first
    if (_set_apart(blank) and _headline_like(_ELLIPSIS.sub("", first))
            and _words(first) <= _SET_APART_WORDS
            and (len(paras) >= 3 or len(second) >= len(first))):
        removed.append(paras.pop(0))
        return first
    if _headline_like(first) and (
        (second.startswith(first) and len(second) > len(first))
        or (_ends_sentence(second)
            and len(second) >= (2 if len(paras) >= 3 else 3) * len(first))
    ):
        removed.append(paras.pop(0))
        return first
    return ""


def _split_date(text: str) -> str:
    match = _DATE.search(text)
    return _ERA.sub("", match.group(0)) if match else ""


def _dateline(para: str) -> tuple[str, str, int] | None:
    """Return (agency, date, length of the dateline) for a dateline opening ``para``."""
    group = _GROUP_DATELINE.match(para)
    if group and len(para) > group.end():
        inner = group.group("inner")
        date = _split_date(inner)
        rest = _DATE.sub(" ", inner)
        pieces = [p.strip(" ۔.-–—ءم") for part in rest.split("/")
                  for p in re.split(r"[،,]|(?<=\s)[-–—](?=\s)", part)]  # linear
        names = [p for p in pieces if p]
        known = [p for p in names if _key(p) in _AGENCIES]
        if date or known or ("/" in inner and names):
            agency = (known or names or [""])[-1]
            return agency, date, group.end()
    paren = _PAREN_DATELINE.match(para)
    if paren and len(para) > paren.end():
        agency, place = paren.group("agency").strip(), paren.group("place") or ""
        if (_key(agency) in _AGENCIES or not place or "،" in place or "," in place
                or re.fullmatch(r"[A-Z][A-Za-z.\s]{1,15}", agency)):
            return agency, "", paren.end()
    seg = _SEGMENT_DATELINE.match(para)
    if seg and len(para) > seg.end():
        names = [s.strip() for s in re.split(_DASH, seg.group("segs"))]
        known = [s for s in names if _key(s) in _AGENCIES]
        if known:
            return known[0], "", seg.end()
    return None


def _strip_count(text: str) -> str:
    """``text`` without a trailing run of digits, parentheses and spaces ("التعليقات (12)");
    string code, as ``re.sub(r"[\\d()\\s]+$", …)`` takes quadratic time on long runs."""
    end = len(text)
    while end and (text[end - 1].isdecimal() or text[end - 1] in "()" or text[end - 1].isspace()):
        end -= 1
    return text[:end]


def _related_marker(folded: str) -> bool:
    bare = folded.strip(" :：-–—.")
    return any(bare == r for r in _RELATED)


def _noise_kind(line: str, folded: str) -> str | None:
    """Name the kind of page furniture ``line`` is, or None for content."""
    if _SEPARATOR.match(line):
        return "separator"
    if _CONTINUATION.match(line):
        return "continuation"
    bare = folded.strip(" *:.-–—!()«»\"")
    if (_words(line) <= 6 and not _ends_sentence(line)
            and any(bare.startswith(p) for p in _COMMENT_PROMPTS)):
        return "comment"
    if _strip_count(bare) in _COMMENT_HEADINGS:
        return "comment"
    if _related_marker(folded) or (
        _words(line) <= 30 and _RELATED_LEAD.match(bare)
    ):
        return "related"
    if _words(line) <= 30 and any(bare.startswith(p) for p in _PROMOS):
        return "promo"
    if _words(line) <= 40 and ("تمثل راي كاتبها" in folded or "تمثل راي كتابها" in folded
                               or ("الاراء الوارده" in folded
                                   and ("لا تعبر" in folded or "لا تعكس" in folded))):
        return "disclaimer"
    if ("التعليقات" in folded or "مشاركاتك" in folded) and any(
        p in folded for p in ("ارشادات الاستخدام", "سياسه الخصوصيه", "شروط استخدام")
    ):
        return "comment"
    return None


def _drop_noise(paras: list[tuple[int, str]], removed: list[tuple[int, str]]) -> None:
    """Move furniture lines from ``paras`` to ``removed`` (both lists are mutated)."""
    kept: list[tuple[int, str]] = []
    after_marker = False
    for index, para in paras:
        folded = _fold(para)
        kind = _noise_kind(para, folded)
        if kind is None and after_marker and _headline_like(para):
            kind = "related"
        after_marker = kind == "related" and (after_marker or _related_marker(folded))
        (kept if kind is None else removed).append((index, para))
    paras[:] = kept


#: Link lines inside or after a body ("قد يهمك/ …", "للمزيد: …", "رابط الخبر بصحيفة …: …").
_LINK_LINE = re.compile(r"^(?:قد يهمك|للمزيد|رابط الخبر)\s*[/:：\-–—]|^رابط الخبر ب\S+ \S+\s*:")
#: A CNN dateline ("دبي، الإمارات العربية المتحدة (CNN)-") opening a later paragraph: the
#: teaser of another story; it and everything after it are page residue.
_CNN_DATELINE = re.compile(r"^[^\n]{0,80}\((?:cnn|CNN)\)\s*[-–—]+")


def starts_teaser(line: str) -> bool:
    """Does ``line`` open a CNN teaser block (:data:`_CNN_DATELINE`) when it is not the
    article's first paragraph?"""
    return _CNN_DATELINE.match(line) is not None


def _drop_teasers(paras: list[tuple[int, str]], removed: list[tuple[int, str]]) -> None:
    """Move link lines and CNN teaser blocks from ``paras`` to ``removed`` (both mutated).

    A teaser block starts at a paragraph after the first that opens with a CNN dateline;
    link lines are matched on their folded text (:data:`_LINK_LINE`)."""
    kept: list[tuple[int, str]] = []
    teaser = False
    for k, (index, para) in enumerate(paras):
        teaser = teaser or (k > 0 and starts_teaser(para))
        drop = teaser or _LINK_LINE.match(_fold(para)) is not None
        (removed if drop else kept).append((index, para))
    paras[:] = kept


def _take_credit(paras: list[tuple[int, str]], removed: list[tuple[int, str]]) -> str:
    """Remove a reprint/agency credit closing the text; return the outlet it names."""
    if len(paras) < 2:
        return ""
    last = paras[-1][1]
    bare = last.lstrip("*").strip()
    outlet = ""
    if _fold(bare).startswith(("نقلا عن", "نقلا من")) and 2 < _words(bare) <= 6:
        outlet = bare.split(" ", 2)[2]
    elif _words(bare) <= 6 and not _ends_sentence(bare):
        parts = [p.strip() for p in re.split(r"[/،,\-–—]", bare) if p.strip()]
        if parts and all(_key(p) in _AGENCIES for p in parts):
            outlet = bare
    if outlet:
        removed.append(paras.pop())
    return outlet


def clean_text(text: str) -> tuple[str, ArticleMeta, tuple[str, ...]]:
    """Split an article text into body, metadata and removed noise lines.

    Args:
        text: decoded text with "\\n" newlines (see ``ansum.input.read.decode``);
            paragraphs may be separated by one newline or by blank lines.

    Returns:
        ``(body, meta, removed)``: ``body`` is the cleaned text, lines stripped,
        inner runs of spaces collapsed, paragraphs joined by "\\n\\n" ("" when
        nothing is left); ``meta`` carries ``title``, ``source`` and ``date``
        ("" where none was found; url and language are left at their defaults);
        ``removed`` holds the removed lines (and the cut dateline) in text order.
        Never raises.
    """
    lines = _unwrap(text.split("\n"))
    paras = list(enumerate(p for p in lines if p))
    removed: list[tuple[int, str]] = []
    title = _take_title(paras, removed, _blank_before(lines))
    _drop_noise(paras, removed)
    _drop_teasers(paras, removed)
    source = date = ""
    if paras:
        index, first = paras[0]
        found = _dateline(first)
        if found:
            source, date, cut = found
            removed.append((index, first[:cut].strip()))
            paras[0] = (index, first[cut:].lstrip())
    source = source or _take_credit(paras, removed)
    removed.sort(key=lambda item: item[0])
    meta = ArticleMeta(title=title, source=source, date=date)
    return "\n\n".join(p for _, p in paras), meta, tuple(line for _, line in removed)
