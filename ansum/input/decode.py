"""Bytes → text: encodings (BOMs, strict UTF-8, cp1256 vs ISO-8859-6, charset guess) and
text hygiene (terminal escapes, controls, invisible and bidi characters removed)."""

from __future__ import annotations

import codecs
import re

from ansum.errors import InputError
from ansum.input.langid import detect_language

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
    r"|\x1b[\]PX^_][^\x07\x1b\x9c\x90\x98\x9d\x9e\x9f]{0,4096}(?:\x07|\x1b\\|\x9c)"
    r"|[\x90\x98\x9d\x9e\x9f][^\x07\x1b\x9c\x90\x98\x9d\x9e\x9f]{0,4096}(?:\x07|\x1b\\|\x9c)"
    r"|\x1b[ -/]*[0-~]"
)
# C0/C1 controls but \t and \n; bidi embeddings/overrides/isolates and marks;
# zero-width and other invisible format characters.  ZWNJ/ZWJ (U+200C/D) are kept.
_INVISIBLE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b\u200e\u200f\u202a-\u202e"
    "\u2060-\u2064\u2066-\u2069\ufeff]"
)
_CONTROL = re.compile("[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f]")


_ARABIC_LETTER = re.compile(r"[\u0621-\u064a\u0671-\u06d3\u06fa-\u06ff]")
_ARABIC_WORD = re.compile(r"[\u0621-\u064a]+")
_COMMON_WORDS = frozenset("في من على إلى الى أن ان عن مع هذا هذه قد كان".split())


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
    :func:`ansum.input.langid.detect_language` knows (not "und").
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


def one_line(value: object) -> str:
    """``value`` as one sanitized line (whitespace runs → one space); "" for a falsy value."""
    return " ".join(sanitize(str(value)).split()) if value else ""
