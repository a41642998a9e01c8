"""``ansum brief --feed URL|FILE``: the articles of an RSS or Atom feed.

API::

    for item in iter_feeds(["https://example.com/rss.xml"], FeedOptions()):
        ...   # InputRecord (the item's page, fetched and cleaned) or Skipped

The feed (a URL, or a file) is parsed with ``feedparser``; each item's ``link`` is
fetched with trafilatura's fetching (:func:`trafilatura.downloads.fetch_url`) and the
page cleaned as an HTML input (:func:`ansum.input.read.article_from_text`, which
extracts the text with trafilatura).  An item whose page cannot be fetched or holds no
article is a :class:`~ansum.brief.inputs.Skipped` naming the link; so is an item
without a link.  Item ids: the feed's ``id``/``guid``, else the link.  Source: the
feed's title; date: the item's ``published`` (or ``updated``).

Safety: only ``http`` and ``https`` URLs are fetched, and trafilatura's
``SSRF_PROTECTION`` is on: a connection whose peer is not a public address (loopback,
private, link-local, reserved) is refused after it is made, on every redirect hop, so
DNS rebinding does not get past it.  ``FeedOptions(allow_private=True)``
(``--feed-allow-private``) turns it off, for a feed on an intranet or the tests'
``127.0.0.1`` server.  With a proxy configured for trafilatura the proxy's address is
what is vetted.  Unverified TLS is never used (``INSECURE_SSL_FALLBACK`` off); at most
``MAX_REDIRECTS`` = 2 redirects, ``DOWNLOAD_TIMEOUT`` seconds per page.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from urllib.parse import urlsplit

from ansum.brief.features import parse_time
from ansum.brief.inputs import InputRecord, Skipped
from ansum.errors import AnsumError


@dataclass(frozen=True)
class FeedOptions:
    """Attributes:
    allow_private: fetch from loopback and private addresses too (off: refused).
    max_items: items read per feed, first ones first.
    max_chars: per-article limit on cleaned text, in characters.
    timeout_s: seconds allowed per download.
    """

    allow_private: bool = False
    max_items: int = 500
    max_chars: int = 200_000
    timeout_s: int = 30


def _config(options: FeedOptions):
    from copy import deepcopy

    from trafilatura.settings import DEFAULT_CONFIG

    config = deepcopy(DEFAULT_CONFIG)
    config["DEFAULT"]["SSRF_PROTECTION"] = "off" if options.allow_private else "on"
    config["DEFAULT"]["INSECURE_SSL_FALLBACK"] = "off"
    config["DEFAULT"]["DOWNLOAD_TIMEOUT"] = str(options.timeout_s)
    config["DEFAULT"]["MAX_REDIRECTS"] = "2"
    config["DEFAULT"]["SLEEP_TIME"] = "0"
    return config


def _why_not(options: FeedOptions) -> str:
    """The possible causes of a failed fetch, for the warning (trafilatura says no more)."""
    if options.allow_private:
        return " (no network, an HTTP error or a timeout)"
    return (" (no network, an HTTP error or a timeout; or an address that is not public, "
            "refused without --feed-allow-private)")


def _is_web(url: str) -> bool:
    return urlsplit(url).scheme.lower() in ("http", "https")


def _fetch(url: str, config) -> bytes | None:
    from trafilatura.downloads import fetch_response

    response = fetch_response(url, decode=False, config=config)
    if response is None or response.status != 200 or not response.data:
        return None
    return response.data


def _fetch_page(url: str, config) -> str | None:
    from trafilatura.downloads import fetch_url

    return fetch_url(url, config=config)


def _entry_time(entry) -> tuple[str | None, float | None]:
    raw = entry.get("published") or entry.get("updated")
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    if parsed:
        import calendar

        return raw, float(calendar.timegm(parsed))
    return raw, parse_time(raw)


def iter_feed(feed: str, options: FeedOptions = FeedOptions()) -> Iterator[InputRecord | Skipped]:
    """The articles of one feed (see the module docstring).

    Args:
        feed: an ``http(s)`` URL or a feed file's path.
        options: :class:`FeedOptions`.

    Yields:
        :class:`InputRecord` (``cleaned``: the page's extracted text) or
        :class:`Skipped`; a feed that cannot be read or parsed is one Skipped.
    """
    import feedparser

    from ansum.input.read import article_from_text

    config = _config(options)
    if _is_web(feed):
        data = _fetch(feed, config)
        if data is None:
            yield Skipped(feed, "feed could not be fetched" + _why_not(options))
            return
    elif os.path.isfile(feed):
        try:
            with open(feed, "rb") as fh:
                data = fh.read(50_000_000)
        except OSError as exc:
            yield Skipped(feed, f"cannot read: {exc.strerror or exc}")
            return
    else:
        yield Skipped(feed, "not an http(s) URL nor a file")
        return
    parsed = feedparser.parse(data)
    if not parsed.entries:
        reason = "no items in the feed"
        if parsed.get("bozo"):
            reason = f"not a readable RSS/Atom feed ({parsed.get('bozo_exception')})"
        yield Skipped(feed, " ".join(reason.split()))
        return
    source = (parsed.feed.get("title") or urlsplit(feed).hostname or "").strip()
    for n, entry in enumerate(parsed.entries[: options.max_items], 1):
        link = (entry.get("link") or "").strip()
        where = link or f"{feed}#{n}"
        if not link or not _is_web(link):
            yield Skipped(where, "item has no http(s) link")
            continue
        html = _fetch_page(link, config)
        if not html:
            yield Skipped(where, "page could not be fetched" + _why_not(options))
            continue
        try:
            article = article_from_text(html, name=link, max_chars=options.max_chars)
        except AnsumError as exc:
            yield Skipped(where, exc.one_line())
            continue
        raw_date, time_s = _entry_time(entry)
        yield InputRecord(
            id=(entry.get("id") or link).strip(), where=where, text=article.body,
            title=(entry.get("title") or article.meta.title or "").strip(),
            source=source or article.meta.source, url=link,
            date=raw_date or article.meta.date or None,
            time_s=time_s if time_s is not None else parse_time(article.meta.date),
            cleaned=True, language=article.meta.language)


def iter_feeds(feeds: Iterable[str], options: FeedOptions = FeedOptions()):
    """:func:`iter_feed` of each feed in turn."""
    for feed in feeds:
        yield from iter_feed(feed, options)
