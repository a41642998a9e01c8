"""HTML pages: detection and extraction of the article body and metadata (trafilatura,
imported on first use)."""

from __future__ import annotations

import re

from ansum.input.decode import one_line
from ansum.schema import ArticleMeta

_HTML_START = re.compile(r"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]", re.IGNORECASE)
_HTML_TAG = re.compile(r"</?(?:p|div|span|a|br|script|meta|link|article|h[1-6]|li|ul|table|"
                       r"section|img|title|style)\b[^>]{0,500}>", re.IGNORECASE)


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

    Returns:
        ``(body, meta)``: ``body`` has one paragraph per block, joined by
        "\\n\\n" ("" when trafilatura finds no main text); ``meta`` has
        ``title``, ``date`` (as the page gives it, e.g. "2013-08-03"), ``url``
        and ``source`` (the site name), "" where absent.
    """
    import trafilatura

    doc = trafilatura.bare_extraction(
        text, include_comments=False, with_metadata=True,
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    if doc is None:
        return "", ArticleMeta()
    paragraphs = (line.strip() for line in (doc.text or "").split("\n"))
    body = "\n\n".join(p for p in paragraphs if p)
    meta = ArticleMeta(
        title=one_line(doc.title), source=one_line(doc.sitename),
        date=one_line(doc.date), url=one_line(doc.url),
    )
    return body, meta
