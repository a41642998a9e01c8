"""HTML pages: detection and extraction of the article body and metadata (trafilatura,
imported on first use)."""

from __future__ import annotations

import re

from ansum.errors import InputError
from ansum.input.decode import one_line
from ansum.schema import ArticleMeta

_HTML_START = re.compile(r"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]", re.IGNORECASE)
_HTML_TAG = re.compile(r"</?(?:p|div|span|a|br|script|meta|link|article|h[1-6]|li|ul|table|"
                       r"section|img|title|style)\b[^>]{0,500}>", re.IGNORECASE)


#: Elements deeper than this are dropped by libxml2 (lxml's parser, which trafilatura
#: uses) without its "huge" option, so an article nested deeper comes out empty.
MAX_DEPTH = 256
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9]{0,20})\b[^<>]{0,4000}>")
#: Void elements and those whose end tag may be left out: they do not nest when counted.
_FLAT = frozenset("area base br col embed hr img input link meta param source track wbr "
                  "p li dt dd tr td th option optgroup thead tbody tfoot colgroup rb rt rp"
                  .split())
#: Numeric character references (decimal or hex, ";" optional as in HTML).
_CHAR_REF = re.compile(r"&#(?:[xX]([0-9A-Fa-f]{1,8})|([0-9]{1,10}));?")
#: Raw characters XML 1.0 does not allow (C0 controls but tab/LF/CR; U+FFFE/U+FFFF).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml_char(cp: int) -> bool:
    """True for a code point XML 1.0 allows (its "Char" production)."""
    return (cp in (0x9, 0xA, 0xD) or 0x20 <= cp <= 0xD7FF or 0xE000 <= cp <= 0xFFFD
            or 0x10000 <= cp <= 0x10FFFF)


def _char_ref(m: re.Match) -> str:
    cp = int(m.group(1), 16) if m.group(1) else int(m.group(2))
    return m.group(0) if _xml_char(cp) and cp != 0 else ""


def drop_bad_characters(text: str) -> str:
    """``text`` without the characters that make lxml drop a whole page: numeric
    character references to code points XML 1.0 does not allow (``&#27;``, ``&#7;``,
    ``&#1;``, ``&#xFFFF;``, surrogates, beyond U+10FFFF) and those characters raw.
    The rest of the page is kept as it is."""
    return _NOT_XML.sub("", _CHAR_REF.sub(_char_ref, text))


def nesting_depth(text: str) -> int:
    """Deepest element nesting of an HTML page, counted from its tags (void elements and
    those with optional end tags, such as ``<p>`` and ``<li>``, not counted)."""
    return _nesting(text)[0]


def _nesting(text: str) -> tuple[int, int]:
    """(deepest nesting, letters of the text between tags deeper than :data:`MAX_DEPTH`)."""
    depth = deepest = deep_letters = 0
    last = 0
    for m in _TAG.finditer(text):
        if depth > MAX_DEPTH:
            deep_letters += sum(ch.isalpha() for ch in text[last:m.start()])
        last = m.end()
        name = m.group(2).lower()
        if name in _FLAT or m.group(0).endswith("/>"):
            continue
        if m.group(1):
            depth = max(0, depth - 1)
        else:
            depth += 1
            deepest = max(deepest, depth)
    if depth > MAX_DEPTH:
        deep_letters += sum(ch.isalpha() for ch in text[last:])
    return deepest, deep_letters


#: Text-less elements kept in a row (between two pieces of text) before extraction.
MAX_EMPTY_RUN = 16
_VOID = frozenset("area base br col embed hr img input link meta param source track wbr"
                  .split())


def collapse_empty_runs(text: str) -> str:
    """``text`` without the text-less elements beyond :data:`MAX_EMPTY_RUN` in a row.

    Such an element is a void tag (``<br/>``, ``<img …>``), an empty pair
    (``<div class="x"></div>``), or an implicitly closed tag right before another of its
    name (``<p><p>``).  Each holds no text, so dropping it changes neither the text nor
    the nesting, yet trafilatura spends 0.1-0.2 ms on each element (60 KB of ``<p>``
    took 4 s in issue 12's fuzz run).  Linear: up to four passes over the tags (nested
    empty pairs empty their parents).
    """
    for _ in range(4):
        shorter = _collapse_once(text)
        if len(shorter) == len(text):
            break
        text = shorter
    return text


def _collapse_once(text: str) -> str:
    tags = list(_TAG.finditer(text))
    pieces: list[str] = []
    copied = prev_end = run = 0
    i = 0
    while i < len(tags):
        m = tags[i]
        if text[prev_end:m.start()].strip():
            run = 0  # text since the last tag
        name, end, step, empty = m.group(2).lower(), m.end(), 1, False
        nxt = tags[i + 1] if i + 1 < len(tags) else None
        if not m.group(1):
            blank_next = nxt is not None and not text[end:nxt.start()].strip()
            if name in _VOID:
                empty = True
            elif blank_next and nxt.group(2).lower() == name:
                empty = True
                if nxt.group(1):
                    end, step = nxt.end(), 2  # an empty pair
                elif name not in _FLAT:
                    empty = False  # <div><div>: nesting, not empty
        if empty:
            run += 1
            if run > MAX_EMPTY_RUN:
                pieces.append(text[copied:m.start()])
                copied = end
        prev_end = end
        i += step
    pieces.append(text[copied:])
    return "".join(pieces)


def looks_like_html(text: str) -> bool:
    """Return True when ``text`` is an HTML page or fragment.

    True when a doctype, ``<html``, ``<head`` or ``<body`` tag appears in the first
    2,048 characters, or at least 10 common HTML tags appear in the first 64 KiB.
    """
    if _HTML_START.search(text[:2048]):
        return True
    return len(_HTML_TAG.findall(text[:65536])) >= 10


def extract_html(text: str) -> tuple[str, ArticleMeta]:
    """Extract the article text and metadata of an HTML page with trafilatura.

    Uses ``trafilatura.bare_extraction`` (main text without comments, tables kept,
    metadata on; the date from the page's markup only, no guessing from the
    text: ``extensive_search=False``).  trafilatura is imported here, not at
    module import, as it is slow to import.

    Args:
        text: the decoded HTML.

    Numeric references to characters XML forbids are dropped first
    (:func:`drop_bad_characters`), and runs of identical empty elements cut
    (:func:`collapse_empty_runs`).

    Returns:
        ``(body, meta)``: ``body`` has one paragraph per block, joined by
        "\\n\\n" ("" when trafilatura finds no main text); ``meta`` has
        ``title``, ``date`` (as the page gives it, e.g. "2013-08-03"), ``url``
        and ``source`` (the site name), "" where absent.

    Raises:
        InputError: the page nests elements deeper than :data:`MAX_DEPTH`, and the
            text found is empty or shorter (in letters) than the text nested deeper,
            which the parser drops.
    """
    import trafilatura

    text = collapse_empty_runs(drop_bad_characters(text))
    doc = trafilatura.bare_extraction(
        text, include_comments=False, with_metadata=True,
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    paragraphs = (line.strip() for line in ((doc.text if doc else "") or "").split("\n"))
    body = "\n\n".join(p for p in paragraphs if p)
    deepest, deep_letters = _nesting(text) if "<" in text else (0, 0)
    if deepest > MAX_DEPTH and (not body or deep_letters > sum(ch.isalpha() for ch in body)):
        raise InputError(f"the page is too deeply nested: elements more than {MAX_DEPTH} deep, "
                         "where the HTML parser stops", "save the article's text as a plain "
                         "text file, or simplify the page")
    if doc is None:
        return "", ArticleMeta()
    meta = ArticleMeta(
        title=one_line(doc.title), source=one_line(doc.sitename),
        date=one_line(doc.date), url=one_line(doc.url),
    )
    return body, meta
