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

import errno
import gzip
import io
import json
import os
import stat
import sys
from collections.abc import Iterable, Iterator, Mapping
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


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    return "a special file"


def _check_file(path: str) -> str | Skipped:
    """``path`` when it is (a symlink to) a regular file, else why it is skipped.
    Only ``os.stat`` is used: a FIFO is never opened."""
    try:
        st = os.stat(path)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return Skipped(path, "symlink loop")
        if exc.errno == errno.ENOENT and os.path.islink(path):
            return Skipped(path, "dangling symlink")
        return Skipped(path, f"cannot read: {exc.strerror or exc}")
    if stat.S_ISDIR(st.st_mode):
        return Skipped(path, "is a folder")
    if not stat.S_ISREG(st.st_mode):
        return Skipped(path, f"is {_kind(st.st_mode)}, not a regular file")
    return path


def _scan_folder(path: str) -> Iterator[str | Skipped]:
    """Article and JSON Lines files under ``path`` (recursive, sorted; symlinked folders
    are not followed).  A subfolder that cannot be read, and a matching name that is no
    regular file (FIFO, socket, device, dangling symlink, symlink loop), is a
    :class:`Skipped`."""
    problems: list[Skipped] = []

    def onerror(exc: OSError) -> None:
        where = exc.filename if exc.filename is not None else path
        problems.append(Skipped(os.fspath(where),
                                f"cannot read folder: {exc.strerror or exc}"))

    found = []
    for root, dirs, files in os.walk(path, onerror=onerror):
        dirs.sort()
        for name in files:
            if _is_article(name) or _is_jsonl(name):
                full = os.path.join(root, name)
                checked = _check_file(full)
                (found if isinstance(checked, str) else problems).append(checked)
    yield from problems
    yield from sorted(found)


def expand_paths(paths: Iterable[str]) -> Iterator[str | Skipped]:
    """Each path, folders replaced by their article and JSON Lines files (recursive,
    sorted; only regular files, symlinks to them included); a path that does not
    exist, is no regular file (a FIFO is never opened), or a folder that cannot be read
    is a :class:`Skipped`."""
    for path in paths:
        if path == "-":
            yield path
        elif os.path.isdir(path):
            yield from _scan_folder(path)
        elif os.path.lexists(path):
            yield _check_file(path)
        else:
            yield Skipped(path, "no such file or folder")


def _identity(path: str | os.PathLike) -> tuple:
    try:
        st = os.stat(path)
        return ("inode", st.st_dev, st.st_ino)
    except OSError:
        return ("path", os.path.realpath(path))


def same_path(a: str | os.PathLike, b: str | os.PathLike) -> bool:
    """True when ``a`` and ``b`` are one file: same device and inode when both exist,
    else the same resolved path (so a file not created yet matches a link to it)."""
    ia = _identity(a)
    ib = _identity(b)
    if ia == ib:
        return True
    return (ia[0] != ib[0]
            and os.path.realpath(a) == os.path.realpath(b))


def find_protected(paths: Iterable[str],
                   protected: Mapping[str, str | os.PathLike]) -> tuple[str, str] | None:
    """The first input that is one of the ``protected`` files (e.g. ``--out``,
    ``--cache``), scanning folders as :func:`expand_paths` does.

    Args:
        paths: the run's inputs ("-" is ignored: it is checked by its caller).
        protected: ``{label: path}``; a path that does not exist yet is compared by its
            resolved path.

    Returns:
        ``(label, input path)`` of the first match, or None.
    """
    targets = [(label, _identity(p)) for label, p in protected.items()]
    for path in expand_paths(paths):
        if isinstance(path, Skipped):  # a dangling link to a protected file matches
            if not os.path.islink(path.where):
                continue
            path = path.where
        if path == "-":
            continue
        ident = _identity(path)
        real = os.path.realpath(path)
        for label, tident in targets:
            if ident == tident or (tident[0] == "path" and real == tident[1]):
                return label, path
    return None


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


class _LineTooLong:
    """A JSON Lines line over the byte cap (its bytes were not kept)."""


_TOO_LONG = _LineTooLong()


def bounded_lines(stream, max_bytes: int) -> Iterator[str | _LineTooLong]:
    """The lines of ``stream``, each read with ``readline(max_bytes + 1)``, so at most
    about ``max_bytes`` are held at once; a longer line is yielded as a marker and the
    rest of it read and dropped in pieces.  Binary streams are decoded as UTF-8
    (invalid bytes become U+FFFD); a UTF-8 BOM before the first line is dropped.

    Args:
        stream: a binary or text stream with ``readline(limit)``.
        max_bytes: the longest line kept, in bytes (characters for a text stream),
            its newline included.
    """
    first = True
    limit = max_bytes + 1
    while True:
        line = stream.readline(limit)
        if not line:
            return
        if isinstance(line, bytes):
            if first:
                line = line.removeprefix(b"\xef\xbb\xbf")
            newline = b"\n"
        else:
            if first:
                line = line.removeprefix("\ufeff")
            newline = "\n"
        first = False
        if len(line) > max_bytes:
            yield _TOO_LONG
            while line and not line.endswith(newline):
                line = stream.readline(limit)
            continue
        yield line.decode("utf-8", "replace") if isinstance(line, bytes) else line


def iter_jsonl(lines: Iterable[str], name: str, *,
               max_bytes: int | None = None) -> Iterator[InputRecord | Skipped]:
    """Records of JSON Lines text; blank lines are ignored, bad ones skipped.

    Args:
        lines: the lines, or a stream (binary or text) with ``readline``: then read
            through :func:`bounded_lines` with ``max_bytes`` (a line over it is one
            :class:`Skipped` ``"line over N bytes"``, never held in memory).
        name: the file's name for ``where`` (``NAME:LINE``).
        max_bytes: per-line cap in bytes (default :func:`ansum.input.read.max_bytes_for`
            of the default ``max_chars``).
    """
    if max_bytes is None:
        from ansum.input.read import DEFAULT_MAX_CHARS, max_bytes_for

        max_bytes = max_bytes_for(DEFAULT_MAX_CHARS)
    if hasattr(lines, "readline"):
        lines = bounded_lines(lines, max_bytes)
    first = True
    for n, line in enumerate(lines, 1):
        if isinstance(line, _LineTooLong):
            yield Skipped(f"{name}:{n}", f"line over {max_bytes} bytes "
                          "(the read limit: 20 × --max-chars + 64 KiB)")
            continue
        if first and isinstance(line, str):
            line = line.removeprefix("\ufeff")
        first = False
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
        return gzip.open(path, "rb")
    return open(path, "rb")


def _read_jsonl_file(path: str, max_bytes: int) -> Iterator[InputRecord | Skipped]:
    try:
        fh = _open_jsonl(path)
    except OSError as exc:
        yield Skipped(path, f"cannot read: {exc.strerror or exc}")
        return
    try:
        with fh:
            yield from iter_jsonl(fh, path, max_bytes=max_bytes)
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
        max_chars: per-article limit on cleaned text, in characters; a JSON Lines line
            may be at most ``max_bytes_for(max_chars)`` bytes.
        stdin: the stream "-" reads (default ``sys.stdin``).

    Yields:
        :class:`InputRecord` or :class:`Skipped`, in input order.  A file with another
        extension given by name is read as an article file.
    """
    from ansum.input.read import max_bytes_for

    max_bytes = max_bytes_for(max_chars)
    for path in expand_paths(paths):
        if isinstance(path, Skipped):
            yield path
        elif path == "-":
            stream = stdin if stdin is not None else sys.stdin
            stream = getattr(stream, "buffer", stream)  # bytes: a bounded readline
            yield from iter_jsonl(stream, "-", max_bytes=max_bytes)
        elif _is_jsonl(path):
            yield from _read_jsonl_file(path, max_bytes)
        else:
            yield _read_article_file(path, max_chars)


def display_path(path: str | Path) -> str:
    """``path`` as given, bytes that are not UTF-8 shown as U+FFFD."""
    return str(path).encode("utf-8", "surrogateescape").decode("utf-8", "replace")
