"""Input stage: bytes from a path or stdin → decoded, cleaned :class:`~ansum.schema.Article`.

Flow (one way): :func:`read_source` (bytes, bounded) → :func:`decode` (str) →
:func:`extract_html` when :func:`looks_like_html` → :func:`sanitize` (hygiene) →
:func:`ansum.input.clean.clean_text` (noise out, metadata kept) →
:func:`ansum.input.langid.detect_language`.  :func:`load_article` runs it all;
:func:`article_from_text` starts from a ``str``.

Size limits: ``max_chars`` bounds the cleaned body in characters.  Since the
format is unknown before reading, at most :func:`max_bytes_for` ``(max_chars)`` =
``20 * max_chars + 64 KiB`` bytes are read: an HTML page is typically 5–20 times
the size of its article text (the two pages in shared/data are 9× and 12×), while
UTF-8 Arabic text takes about 2 bytes per character.
"""

from __future__ import annotations

import os
import stat
import sys

from ansum.errors import ConfigError, InputError, InputTooLargeError
from ansum.input.clean import clean_text
from ansum.input.decode import decode, sanitize
from ansum.input.html import extract_html, looks_like_html
from ansum.input.langid import detect_language, script_share
from ansum.schema import Article, ArticleMeta

#: Default bound on the cleaned body, in characters (the CLI's ``--max-chars``).
DEFAULT_MAX_CHARS = 200_000
#: Largest ``max_chars`` accepted (``--max-chars`` of ``ansum summarize`` and ``ansum
#: brief``): 25 × the default, so at most ``max_bytes_for(MAX_CHARS_LIMIT)`` ≈ 100 MB are
#: read and peak memory stays a few GB (it grows about linearly from 160 MB at the default).
MAX_CHARS_LIMIT = 5_000_000
_HINT_SIZE = "raise the limit with --max-chars N"



def max_bytes_for(max_chars: int) -> int:
    """Byte limit :func:`load_article` reads for a body limit of ``max_chars`` characters."""
    return 20 * max_chars + 64 * 1024


def read_source(source: str, *, max_bytes: int) -> bytes:
    """Read the raw bytes of ``source``, never more than ``max_bytes + 1`` of them.

    Args:
        source: a file path, or "-" for standard input (``sys.stdin.buffer``).
            FIFOs and character devices are read like files.
        max_bytes: the largest accepted input, in bytes.

    Returns:
        The bytes, 1 to ``max_bytes`` long.

    Raises:
        InputError: missing path, a directory, no read permission, another OS
            error, or empty input.
        InputTooLargeError: more than ``max_bytes`` bytes.
    """
    if source == "-":
        stream = getattr(sys.stdin, "buffer", None)
        if stream is None:
            if sys.stdin is None:
                raise InputError("standard input is closed", "give a file path instead of -")
            data = sys.stdin.read(max_bytes + 1).encode("utf-8", "surrogateescape")
        else:
            data = stream.read(max_bytes + 1)
        shown = "standard input"
    else:
        data = _read_path(source, max_bytes)
        shown = source
    if not data:
        raise InputError(f"{shown} is empty", "give an article as plain text or HTML")
    if len(data) > max_bytes:
        raise InputTooLargeError(f"{shown} is larger than {max_bytes} bytes, the input limit",
                                 _HINT_SIZE)
    return data


def _read_path(path: str, max_bytes: int) -> bytes:
    try:
        mode = os.stat(path).st_mode
        if stat.S_ISDIR(mode):
            raise InputError(f"{path} is a directory", "give the path of a text or HTML file")
        with open(path, "rb") as handle:
            return handle.read(max_bytes + 1)
    except FileNotFoundError:
        raise InputError(f"no such file: {path}", "check the path, or use - for stdin") from None
    except PermissionError:
        raise InputError(f"cannot read {path}: permission denied",
                         "check the file's permissions") from None
    except IsADirectoryError:
        raise InputError(f"{path} is a directory", "give the path of a text or HTML file") from None
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or exc}",
                         "check the path and the device") from None



def _check_max_chars(max_chars: int) -> None:
    if (not isinstance(max_chars, int) or isinstance(max_chars, bool)
            or not 1 <= max_chars <= MAX_CHARS_LIMIT):
        raise ConfigError(f"--max-chars must be a whole number from 1 to {MAX_CHARS_LIMIT}, "
                          f"got {max_chars!r}", "give e.g. --max-chars 200000")


def load_article(source: str, *, max_chars: int = DEFAULT_MAX_CHARS,
                 name: str | None = None) -> Article:
    """Read, decode, extract (HTML), clean and identify the language of an article.

    Args:
        source: a file path, or "-" for standard input.
        max_chars: the largest accepted body after cleaning, in characters;
            at most :func:`max_bytes_for` ``(max_chars)`` bytes are read.
        name: the name to record (defaults to ``source``).

    Returns:
        An :class:`Article` with ``content_type`` "text" or "html".  Metadata:
        the page's title beats a headline found in the text (an HTML body line
        equal to the page title is dropped and listed first in ``removed``); an
        agency and date from the text's dateline beat the page's site name and
        markup date; ``url`` comes from the page only; ``language`` is detected
        on the body.

    Raises:
        ConfigError: ``max_chars`` is not an integer from 1 to :data:`MAX_CHARS_LIMIT`.
        InputError: unreadable, empty, binary or undecodable input, no
            article text (no letters) left after cleaning, or text whose letters
            are mostly neither Arabic nor Latin script (Cyrillic, CJK, or bytes
            decoded with a wrong guess of their encoding).
        InputTooLargeError: too many bytes, or a body over ``max_chars``.
    """
    _check_max_chars(max_chars)
    try:
        data = read_source(source, max_bytes=max_bytes_for(max_chars))
    except InputTooLargeError as exc:
        raise InputTooLargeError(f"{exc.message} for --max-chars {max_chars}",
                                 exc.hint) from None
    text, encoding = decode(data)
    return _build(text, name=source if name is None else name, encoding=encoding,
                  max_chars=max_chars)


def article_from_text(text: str, *, name: str = "<text>",
                      max_chars: int = DEFAULT_MAX_CHARS) -> Article:
    """Build an :class:`Article` from a ``str`` (the library entry point; no decoding).

    Same steps and errors as :func:`load_article` from HTML detection on; a
    leading BOM is dropped and newlines normalized.  ``encoding`` is "utf-8".

    Raises:
        ConfigError, InputError, InputTooLargeError: as :func:`load_article`;
        text longer than :func:`max_bytes_for` ``(max_chars)`` characters is
        refused before any work.
    """
    _check_max_chars(max_chars)
    if len(text) > max_bytes_for(max_chars):
        raise InputTooLargeError(
            f"text is {len(text)} characters, over the read limit of "
            f"{max_bytes_for(max_chars)} (20 × max_chars {max_chars} + 64 KiB) that is "
            f"checked before cleaning",
            _HINT_SIZE,
        )
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    return _build(text, name=name, encoding="utf-8", max_chars=max_chars)


def _build(text: str, *, name: str, encoding: str, max_chars: int) -> Article:
    html_meta = ArticleMeta()
    content_type = "text"
    lead: list[str] = []
    if looks_like_html(text):
        content_type = "html"
        text, html_meta = extract_html(text)
        first, _, rest = text.partition("\n\n")
        if html_meta.title and " ".join(first.split()) == html_meta.title:
            lead.append(first)
            text = rest
    body, meta, removed = clean_text(sanitize(text))
    if not body or not any(ch.isalpha() for ch in body):
        raise InputError(f"no article text in {name}: nothing but punctuation, digits or "
                         "blank space is left after cleaning",
                         "give a news article as plain text or as an HTML page")
    if len(body) > max_chars:
        raise InputTooLargeError(
            f"article body is {len(body)} characters, over the limit of {max_chars}",
            f"{_HINT_SIZE} (N ≥ {len(body)})",
        )
    if script_share(body)["other"] > 0.5:
        raise InputError(f"{name} is not Arabic text: most of its letters are neither Arabic "
                         f"nor Latin (read as {encoding})",
                         "give an Arabic article; if it is one, convert the file to UTF-8, "
                         "e.g. iconv -f CP1256 -t UTF-8 FILE")
    meta = ArticleMeta(
        title=html_meta.title or meta.title,
        source=meta.source or html_meta.source,
        date=meta.date or html_meta.date,
        url=html_meta.url,
        language=detect_language(body),
    )
    return Article(name=name, body=body, meta=meta, encoding=encoding,
                   content_type=content_type, removed=tuple(lead) + removed)

