"""The inputs of ``ansum brief``: article files, folders, JSON Lines files, stdin.

API::

    for item in iter_inputs(["day/", "more.jsonl.gz", "-"]):
        if isinstance(item, Skipped):
            print(item.where, item.reason)         # "more.jsonl.gz:17", "line is not JSON"
        else:
            item.id, item.title, item.text, item.source, item.url, item.date, item.time_s

What a path may be:

* an article file (``.txt``, ``.html``, ``.htm``): read, decoded, extracted and cleaned by
  :func:`ansum.input.read.load_article`; its id is the path as given;
* a folder: its files with those extensions and ``.jsonl``/``.jsonl.gz``, recursively,
  in sorted path order (other files are ignored);
* a JSON Lines file (``.jsonl``, ``.jsonl.gz``): one JSON object per line with ``text``
  (a string, required) and optional ``id``, ``title``, ``source``, ``url``, ``date`` or
  ``time`` (RFC 2822 or ISO 8601); the id is the record's ``id`` when given, else
  ``PATH:LINE`` (1-based);
* ``-``: JSON Lines on standard input (ids ``-:LINE`` unless the records give one).

A line that is not JSON, is not an object, lacks ``text`` or has a non-string ``text``,
and a file that cannot be read, becomes one :class:`Skipped` naming ``file:line`` (or the
file) and the reason; reading goes on.  Records are yielded one at a time: nothing is
held here beyond the current line or file.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ansum.brief.features import parse_time
from ansum.errors import AnsumError

#: Extensions of article files (read with :func:`ansum.input.read.load_article`).
ARTICLE_SUFFIXES = (".txt", ".html", ".htm")
#: Extensions of JSON Lines files.
JSONL_SUFFIXES = (".jsonl", ".jsonl.gz")


@dataclass(frozen=True)
class InputRecord:
    """One article as read.

    Attributes:
        id: the record's ``id``, else the path (``PATH:LINE`` for JSON Lines).
        where: where it was read (``PATH`` or ``PATH:LINE``), for messages.
        text: the article text (cleaned body for article files; the record's ``text``
            as given for JSON Lines).
        title, source, url, date: as given ("" / None when absent); ``date`` is the
            record's ``date`` or ``time`` string (article files: the date found in the
            text or page).
        time_s: ``date``/``time`` as POSIX seconds (UTC), None when unknown.
        cleaned: True when ``text`` is already a cleaned article body (article files).
        language: the detected language of an article file, else None.
    """

    id: str
    where: str
    text: str
    title: str = ""
    source: str = ""
    url: str | None = None
    date: str | None = None
    time_s: float | None = None
    cleaned: bool = False
    language: str | None = None


@dataclass(frozen=True)
class Skipped:
    """An input (file or line) that could not be read: ``where`` (``PATH`` or
    ``PATH:LINE``) and a one-line ``reason``."""

    where: str
    reason: str


def _is_jsonl(path: str) -> bool:
    return path.lower().endswith(JSONL_SUFFIXES)


def _is_article(path: str) -> bool:
    return path.lower().endswith(ARTICLE_SUFFIXES)


def expand_paths(paths: Iterable[str]) -> Iterator[str | Skipped]:
    """Each path, folders replaced by their article and JSON Lines files (recursive,
    sorted); a path that does not exist is a :class:`Skipped`."""
    for path in paths:
        if path == "-":
            yield path
        elif os.path.isdir(path):
            found = []
            for root, dirs, files in os.walk(path):
                dirs.sort()
                for name in files:
                    full = os.path.join(root, name)
                    if _is_article(name) or _is_jsonl(name):
                        found.append(full)
            yield from sorted(found)
        elif os.path.exists(path):
            yield path
        else:
            yield Skipped(path, "no such file or folder")


def _text_field(value: object) -> str:
    return value if isinstance(value, str) else ("" if value is None else str(value))


def record_from_json(obj: object, where: str) -> InputRecord | Skipped:
    """An :class:`InputRecord` from one parsed JSON Lines value, or why not."""
    if not isinstance(obj, dict):
        return Skipped(where, "line is not a JSON object")
    if "text" not in obj:
        return Skipped(where, "record has no 'text'")
    text = obj["text"]
    if not isinstance(text, str):
        return Skipped(where, f"'text' is {type(text).__name__}, not a string")
    if not text.strip():
        return Skipped(where, "'text' is empty")
    rid = obj.get("id")
    date = obj.get("date") or obj.get("time")
    time_value = obj.get("time") or obj.get("date")
    return InputRecord(
        id=where if rid in (None, "") else _text_field(rid),
        where=where,
        text=text,
        title=_text_field(obj.get("title")),
        source=_text_field(obj.get("source")),
        url=_text_field(obj.get("url")) or None,
        date=_text_field(date) or None,
        time_s=parse_time(time_value) if isinstance(time_value, (str, int, float)) else None,
    )


def iter_jsonl(lines: Iterable[str], name: str) -> Iterator[InputRecord | Skipped]:
    """Records of JSON Lines text; blank lines are ignored, bad ones skipped."""
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        where = f"{name}:{n}"
        try:
            obj = json.loads(line)
        except ValueError:
            yield Skipped(where, "line is not JSON")
            continue
        yield record_from_json(obj, where)


def _open_jsonl(path: str):
    if path.lower().endswith(".gz"):
        return gzip.open(path, "rt", encoding="utf-8", errors="replace")
    return open(path, encoding="utf-8", errors="replace")


def _read_jsonl_file(path: str) -> Iterator[InputRecord | Skipped]:
    try:
        fh = _open_jsonl(path)
    except OSError as exc:
        yield Skipped(path, f"cannot read: {exc.strerror or exc}")
        return
    try:
        with fh:
            yield from iter_jsonl(fh, path)
    except (OSError, EOFError) as exc:  # a truncated or corrupt .gz
        yield Skipped(path, f"cannot read further: {exc}")


def _read_article_file(path: str, max_chars: int) -> InputRecord | Skipped:
    from ansum.input.read import load_article

    try:
        article = load_article(path, max_chars=max_chars)
    except AnsumError as exc:
        return Skipped(path, exc.one_line())
    meta = article.meta
    return InputRecord(id=path, where=path, text=article.body, title=meta.title,
                       source=meta.source, url=meta.url or None, date=meta.date or None,
                       time_s=parse_time(meta.date), cleaned=True, language=meta.language)


def iter_inputs(paths: Iterable[str], *, max_chars: int = 200_000,
                stdin: io.TextIOBase | None = None) -> Iterator[InputRecord | Skipped]:
    """Every article of ``paths`` in order (see the module docstring).

    Args:
        paths: files, folders, or "-" (JSON Lines on ``stdin``).
        max_chars: per-article limit on cleaned text of article files, in characters.
        stdin: the stream "-" reads (default ``sys.stdin``).

    Yields:
        :class:`InputRecord` or :class:`Skipped`, in input order.  A file with another
        extension given by name is read as an article file.
    """
    for path in expand_paths(paths):
        if isinstance(path, Skipped):
            yield path
        elif path == "-":
            stream = stdin if stdin is not None else sys.stdin
            yield from iter_jsonl(stream, "-")
        elif _is_jsonl(path):
            yield from _read_jsonl_file(path)
        else:
            yield _read_article_file(path, max_chars)


def display_path(path: str | Path) -> str:
    """``path`` as given, bytes that are not UTF-8 shown as U+FFFD."""
    return str(path).encode("utf-8", "surrogateescape").decode("utf-8", "replace")
