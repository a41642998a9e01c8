"""Input stage: bytes from a path or stdin → decoded, cleaned :class:`~ansum.schema.Article`.

Flow (one way): :func:`read_source` (bytes, bounded) → :func:`decode` (str) →
:func:`extract_html` when :func:`looks_like_html` → :func:`sanitize` (hygiene) →
:func:`ansum.clean.clean_text` (noise out, metadata kept) →
:func:`ansum.langid.detect_language`.  :func:`load_article` runs it all;
:func:`article_from_text` starts from a ``str``.

Size limits: ``max_chars`` bounds the cleaned body in characters.  Since the
format is unknown before reading, at most :func:`max_bytes_for` ``(max_chars)`` =
``20 * max_chars + 64 KiB`` bytes are read: an HTML page is typically 5–20 times
the size of its article text (the two pages in shared/data are 9× and 12×), while
UTF-8 Arabic text takes about 2 bytes per character.
"""

from __future__ import annotations

import codecs
import os
import re
import stat
import sys

from ansum.clean import clean_text
from ansum.errors import ConfigError, InputError, InputTooLargeError
from ansum.langid import detect_language, script_share
from ansum.schema import Article, ArticleMeta

#: Default bound on the cleaned body, in characters (the CLI's ``--max-chars``).
DEFAULT_MAX_CHARS = 200_000
_HINT_SIZE = "raise the limit with --max-chars N"

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Terminal escape sequences (ECMA-48): CSI "ESC [ … final", OSC "ESC ] … BEL|ST",
# their 8-bit C1 forms, and the other two-byte "ESC X" sequences.
_ESCAPES = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]|\x9b[0-?]*[ -/]*[@-~]"
    r"|\x1b[\]PX^_][^\x07\x1b\x9c]{0,4096}(?:\x07|\x1b\\|\x9c)"
    r"|[\x90\x98\x9d\x9e\x9f][^\x07\x1b\x9c]{0,4096}(?:\x07|\x1b\\|\x9c)"
    r"|\x1b[ -/]*[0-~]"
)
# C0/C1 controls but \t and \n; bidi embeddings/overrides/isolates and marks;
# zero-width and other invisible format characters.  ZWNJ/ZWJ (U+200C/D) are kept.
_INVISIBLE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b\u200e\u200f\u202a-\u202e"
    "\u2060-\u2064\u2066-\u2069\ufeff]"
)
_CONTROL = re.compile("[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f]")
_HTML_START = re.compile(r"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]", re.IGNORECASE)
_HTML_TAG = re.compile(r"</?(?:p|div|span|a|br|script|meta|link|article|h[1-6]|li|ul|table|"
                       r"section|img|title|style)\b[^>]{0,500}>", re.IGNORECASE)
_ARABIC_LETTER = re.compile(r"[\u0621-\u064a\u0671-\u06d3\u06fa-\u06ff]")
_ARABIC_WORD = re.compile(r"[\u0621-\u064a]+")
_COMMON_WORDS = frozenset("في من على إلى الى أن ان عن مع هذا هذه قد كان".split())


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


def _binary_error() -> InputError:
    return InputError("input looks binary, not text", "give an article as plain text or HTML")


def _mostly_arabic(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    arabic = sum(1 for ch in letters if _ARABIC_LETTER.match(ch))
    non_ascii = sum(1 for ch in letters if ord(ch) > 127)
    return arabic > 0 and arabic >= 0.5 * len(letters) and arabic >= 0.9 * non_ascii


def _arabic_plausibility(text: str) -> float:
    """Share of Arabic words that start with the article "ال" or are common particles."""
    words = _ARABIC_WORD.findall(text)
    hits = sum(1 for w in words if w.startswith("ال") or w in _COMMON_WORDS)
    return hits / len(words) if words else 0.0


def _legacy_arabic(data: bytes) -> tuple[str, str] | None:
    """Decode as windows-1256 (or ISO-8859-6 when that reads as better Arabic)."""
    best: tuple[float, str, str] | None = None
    for name in ("cp1256", "iso8859_6"):
        try:
            text = data.decode(name)
        except UnicodeDecodeError:
            continue
        if _mostly_arabic(text):
            score = _arabic_plausibility(text)
            if best is None or score > best[0]:
                best = (score, text, name)
    return (best[1], best[2]) if best else None


#: ``encoding`` :func:`decode` reports for UTF-8 with a few invalid bytes replaced by U+FFFD.
UTF8_REPLACED = "utf-8+replace"
#: At most one invalid UTF-8 sequence per this many valid multi-byte characters is
#: taken for damage (a stray byte, a bad copy) rather than another encoding: text in
#: windows-1256 or Latin-1 read as UTF-8 fails on nearly every non-ASCII byte.
_UTF8_DAMAGE_RATIO = 10


def _mostly_utf8(data: bytes) -> str | None:
    """Decode UTF-8 with a few invalid sequences replaced by U+FFFD, or return None."""
    text = data.decode("utf-8", "replace")
    bad = text.count("\ufffd") - data.count("\ufffd".encode())  # minus genuine U+FFFD
    multibyte = sum(1 for ch in text if ord(ch) > 127) - text.count("\ufffd")
    return text if 0 < bad and bad * _UTF8_DAMAGE_RATIO <= multibyte else None


def decode(data: bytes) -> tuple[str, str]:
    """Decode input bytes to text.

    Order: a BOM (UTF-8, UTF-16 LE/BE, UTF-32); strict UTF-8 (a multi-byte
    sequence cut at the very end is dropped); damaged UTF-8, when there is at most
    one invalid sequence per 10 valid multi-byte characters (each replaced by
    U+FFFD, encoding :data:`UTF8_REPLACED`); windows-1256 when the bytes decode
    under it to mostly Arabic letters (≥ 50 % of letters, ≥ 90 % of non-ASCII
    ones), or ISO-8859-6 when that decodes too and reads as more plausible Arabic
    (more words with the article "ال" or common particles); else
    ``charset_normalizer``'s guess, when the text it gives is in a language
    :func:`ansum.langid.detect_language` knows (not "und").
    Newlines are normalized (CRLF and CR → LF) and a leading BOM removed; no
    Unicode normalization is applied (NFC would recompose Arabic).

    Args:
        data: the raw bytes.

    Returns:
        ``(text, encoding)``, e.g. ``("…", "utf-8")``, ``("…", "cp1256")``;
        ``encoding`` is a Python codec name, or "utf-8+replace" for damaged UTF-8.

    Raises:
        InputError: NUL bytes outside UTF-16/32, mostly control characters, or
            bytes no encoding fits.
    """
    text, encoding = _decode_raw(data)
    sample = text[:8192]
    if sample and len(_CONTROL.findall(sample)) > 0.1 * len(sample):
        raise _binary_error()
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.removeprefix("\ufeff"), encoding


def _decode_raw(data: bytes) -> tuple[str, str]:
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(name.removesuffix("-sig")), name
            except UnicodeDecodeError:
                raise InputError(f"input starts with a {name} byte-order mark but is not {name}",
                                 "convert it to UTF-8") from None
    if b"\x00" in data:
        raise _binary_error()
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        if exc.reason == "unexpected end of data" and exc.start >= len(data) - 3:
            try:
                return data[: exc.start].decode("utf-8"), "utf-8"
            except UnicodeDecodeError:
                pass
    lenient = _mostly_utf8(data)
    if lenient is not None:
        return lenient, UTF8_REPLACED
    legacy = _legacy_arabic(data)
    if legacy:
        return legacy
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    # a guess that reads as no language we know (e.g. "Ă(ˇâ(ˇđ(Ś") is a wrong guess
    if best is None or detect_language(str(best)) == "und":
        raise InputError("cannot tell the input's text encoding",
                         "convert it to UTF-8, e.g. iconv -f CP1256 -t UTF-8 FILE")
    return str(best), best.encoding


def sanitize(text: str) -> str:
    """Remove dangerous or invisible characters from ``text``.

    Removes whole terminal escape sequences (ANSI CSI/OSC and 8-bit forms), then
    C0/C1 controls except "\\n" and "\\t", bidi embedding/override/isolate controls
    (U+202A–U+202E, U+2066–U+2069) and marks (U+200E, U+200F, U+061C), and
    zero-width characters (U+200B, U+2060–U+2064, U+FEFF, U+00AD soft hyphen).
    Keeps ZWNJ/ZWJ (U+200C/U+200D, needed by Persian and Urdu).  Turns CR/CRLF,
    VT, FF and U+2028 into "\\n" and U+2029 into "\\n\\n".

    Returns:
        The cleaned text (never longer than the input, except for U+2029).
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.translate({0x0B: "\n", 0x0C: "\n", 0x2028: "\n", 0x2029: "\n\n"})
    return _INVISIBLE.sub("", _ESCAPES.sub("", text))


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
        title=_one_line(doc.title), source=_one_line(doc.sitename),
        date=_one_line(doc.date), url=_one_line(doc.url),
    )
    return body, meta


def _one_line(value: object) -> str:
    return " ".join(sanitize(str(value)).split()) if value else ""


def _check_max_chars(max_chars: int) -> None:
    if not isinstance(max_chars, int) or max_chars < 1:
        raise ConfigError(f"--max-chars must be a positive whole number, got {max_chars!r}",
                          "give e.g. --max-chars 200000")


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
        ConfigError: ``max_chars`` is not a positive integer.
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
            f"text is {len(text)} characters, over the limit of {max_bytes_for(max_chars)}",
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

