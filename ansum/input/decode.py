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
# C0/C1 controls but \t and \n; bidi embeddings/overrides/isolates and marks; the
# default-ignorable code points (Unicode DerivedCoreProperties.txt, Unicode 15.1) that
# Arabic news has no use for: soft hyphen, combining grapheme joiner, Hangul fillers,
# Khmer inherent vowels, Mongolian selectors, zero-width space, word joiner and invisible
# operators, the deprecated format characters U+206A-206F, variation selectors, tag
# characters (U+E0000-E0FFF); also the interlinear annotation characters U+FFF9-FFFB and
# the noncharacters U+FDD0-FDEF, U+FFFE/FFFF.  ZWNJ/ZWJ: see :func:`_joiners`.
#: The invisible characters above but the C0/C1 controls, as the body of a regex
#: character class; :mod:`ansum.render.safe` removes the same ones from what it shows.
INVISIBLE_CLASS = (
    "\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5"
    "\u180b-\u180f\u200b\u200e\u200f\u202a-\u202e\u2060-\u206f\u3164\ufdd0-\ufdef"
    "\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufffb\ufffe\uffff\U0001bca0-\U0001bca3"
    "\U0001d173-\U0001d17a\U000e0000-\U000e0fff"
)
_INVISIBLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f" + INVISIBLE_CLASS + "]")
_JOINER = re.compile("[\u200c\u200d]+")
#: Letters only Persian or Urdu write (Unicode Arabic block; see ansum.input.langid).
_PERSIAN_URDU = frozenset("پچژگکیٹڈڑںےۓہۃ")


def _arabic_script(ch: str) -> bool:
    return "\u0600" <= ch <= "\u06ff" or "\u0750" <= ch <= "\u077f" or "\ufb50" <= ch <= "\ufdff"


def _joiners(text: str) -> str:
    """Keep ZWNJ (U+200C) only between two Arabic-script letters of Persian or Urdu text
    (where it separates parts of a word: "می‌شود"), ZWJ (U+200D) only between two
    characters of other scripts (emoji sequences, Indic conjuncts); drop them elsewhere,
    so that "قا\u200dل" reads as «قال»."""
    if "\u200c" not in text and "\u200d" not in text:
        return text
    marks = sum(ch in _PERSIAN_URDU for ch in text)
    persian = marks > 0 and marks >= 0.01 * sum(1 for ch in text if _arabic_script(ch))

    def keep(m: re.Match) -> str:
        before = text[m.start() - 1] if m.start() else " "
        after = text[m.end()] if m.end() < len(text) else " "
        run = m.group()
        if persian and "\u200c" in run and before.isalpha() and after.isalpha() \
                and _arabic_script(before) and _arabic_script(after):
            return "\u200c"
        if "\u200d" in run and not (before.isspace() or after.isspace() or before.isascii()
                                     or after.isascii() or _arabic_script(before)
                                     or _arabic_script(after)):
            return "\u200d"
        return ""

    return _JOINER.sub(keep, text)
_CONTROL = re.compile("[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f]")


_ARABIC_LETTER = re.compile(r"[\u0621-\u064a\u0671-\u06d3\u06fa-\u06ff]")
_ARABIC_WORD = re.compile(r"[\u0621-\u064a]+")
_COMMON_WORDS = frozenset("في من على إلى الى أن ان عن مع هذا هذه قد كان".split())


def _binary_error() -> InputError:
    return InputError("input looks binary, not text", "give an article as plain text or HTML")


#: File signatures of documents that are not articles (some are ASCII: PDF, PostScript,
#: RTF), from each format's specification; PDF allows its header anywhere in the first
#: 1,024 bytes.
_SIGNATURES = (
    (b"%PDF-", "a PDF document", "extract its text first, e.g. pdftotext FILE -"),
    (b"%!PS", "a PostScript document", "extract its text first, e.g. ps2ascii FILE"),
    (b"{\\rtf", "an RTF document", "save it as plain text or HTML first"),
    (b"PK\x03\x04", "a ZIP archive (or a .docx/.odt/.epub file)",
     "save the article as plain text or HTML first"),
    (b"\x89PNG", "a PNG image", "give an article as plain text or HTML"),
    (b"\xff\xd8\xff", "a JPEG image", "give an article as plain text or HTML"),
    (b"GIF8", "a GIF image", "give an article as plain text or HTML"),
    (b"\x1f\x8b", "gzip-compressed data", "decompress it first, e.g. gunzip -c FILE"),
)


_PDF_HEADER = re.compile(rb"%PDF-\d\.\d")


def _check_signature(data: bytes) -> None:
    """Refuse a known document signature at the start (after blank space for the ASCII
    ones, also after a BOM: :func:`_decode_raw` checks the decoded text again)."""
    head = data[:1024]
    text_head = head.lstrip(b" \t\r\n\x0c")
    for magic, what, hint in _SIGNATURES:
        start = text_head if magic[:1] in b"%{" else head
        if start.startswith(magic) or (magic == b"%PDF-" and _PDF_HEADER.search(head)):
            shown = f"is {what}" if magic[:1].isascii() and magic[:1] != b"\x1f" else (
                f"looks binary: {what}")
            raise InputError(f"input {shown}, not text", hint)


def _utf16_or_32(data: bytes) -> str | None:
    """Name the UTF-16/32 form ``data`` reads as without a byte-order mark, or None.

    NUL bytes mostly at odd offsets are UTF-16-LE (ASCII "a" is ``61 00``), at even
    ones UTF-16-BE; three NULs in four UTF-32.  The bytes must decode under that form
    to letters of a script :func:`detect_language` knows.
    """
    sample = data[: 1 << 16]
    sample = sample[: len(sample) - len(sample) % 4]
    odd, even = sample[1::2].count(0), sample[0::2].count(0)
    guesses = []
    if sample[2::4].count(0) + sample[3::4].count(0) > 0.45 * len(sample) / 2:
        guesses.append("utf-32-le")
    if sample[0::4].count(0) + sample[1::4].count(0) > 0.45 * len(sample) / 2:
        guesses.append("utf-32-be")
    guesses.append("utf-16-le" if odd > even else "utf-16-be")
    for name in guesses:
        try:
            text = sample.decode(name)
        except UnicodeDecodeError:
            continue
        if detect_language(text) != "und" and len(_CONTROL.findall(text)) < 0.1 * len(text):
            return name.upper().replace("-LE", "LE").replace("-BE", "BE")  # iconv's names
    return None


#: ``charset`` in ``<meta charset=…>``, ``<meta http-equiv="Content-Type"
#: content="text/html; charset=…">`` or an XML declaration's ``encoding``.
_DECLARED = re.compile(
    rb"<meta\b[^<>]{0,512}?charset\s*=\s*[\"']?\s*([A-Za-z0-9._:-]{1,40})"
    rb"|<\?xml\b[^<>]{0,200}?encoding\s*=\s*[\"']([A-Za-z0-9._:-]{1,40})",
    re.IGNORECASE,
)
#: Labels the WHATWG Encoding Standard maps to windows-1252, and UTF-16 labels, which
#: a page in an ASCII-compatible encoding cannot mean (the standard reads UTF-8 then).
#: Tags and comments, dropped before judging a page's letters (bounded: linear).
_MARKUP = re.compile(rb"<[^<>]{0,4000}>")
_LABELS = {"iso-8859-1": "cp1252", "iso8859-1": "cp1252", "latin1": "cp1252",
           "latin-1": "cp1252", "us-ascii": "cp1252", "ascii": "cp1252",
           "utf-16": "utf-8", "utf-16le": "utf-8", "utf-16be": "utf-8",
           # the standard's labels of the two Arabic encodings Python does not know
           "x-cp1256": "cp1256", "iso-8859-6-e": "iso8859_6", "iso-8859-6-i": "iso8859_6",
           "csiso88596e": "iso8859_6", "csiso88596i": "iso8859_6", "iso-ir-127": "iso8859_6",
           "iso88596": "iso8859_6"}


def declared_charset(data: bytes) -> str | None:
    """The Python codec an HTML/XML page declares in its first 4 KiB, or None.

    Args:
        data: the page's bytes.

    Returns:
        A codec name (e.g. "cp1256" for ``windows-1256``), or None when the page
        declares none or a label Python does not know.
    """
    m = _DECLARED.search(data[:4096])
    if not m:
        return None
    label = (m.group(1) or m.group(2)).decode("ascii").lower()
    try:
        return codecs.lookup(_LABELS.get(label, label)).name
    except LookupError:
        return None


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
    sequence cut at the very end is dropped); the charset an HTML page declares
    (``<meta charset>``, ``http-equiv`` Content-Type, XML ``encoding``;
    :func:`declared_charset`) when the bytes decode under it (a page that
    declares Latin-1/windows-1252 but whose text reads as mostly Arabic under
    windows-1256 or ISO-8859-6 is read so); damaged UTF-8, when there is at most
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
        InputError: a document of another kind (PDF, PostScript, RTF, ZIP, images,
            gzip), UTF-16/32 without a byte-order mark (named), NUL bytes outside
            UTF-16/32, mostly control characters, or bytes no encoding fits.
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
                text = data[len(bom):].decode(name.removesuffix("-sig"))
            except UnicodeDecodeError:
                raise InputError(f"input starts with a {name} byte-order mark but is not {name}",
                                 "convert it to UTF-8") from None
            _check_signature(text[:1024].encode("utf-8", "replace"))  # "\ufeff%PDF-1.7 …"
            return text, name
    _check_signature(data)
    if b"\x00" in data:
        form = _utf16_or_32(data)
        if form:
            raise InputError(f"input looks like {form} text without a byte-order mark",
                             f"convert it to UTF-8, e.g. iconv -f {form} -t UTF-8 FILE")
        raise _binary_error()
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        if exc.reason == "unexpected end of data" and exc.start >= len(data) - 3:
            try:
                return data[: exc.start].decode("utf-8"), "utf-8"
            except UnicodeDecodeError:
                pass
    declared = declared_charset(data)
    if declared:
        try:
            text = data.decode(declared)
        except UnicodeDecodeError:
            text = None  # a wrong declaration: guess as for undeclared bytes
        # an Arabic page that claims Latin-1 (a server default) reads as windows-1256
        if text is not None and declared == "cp1252":
            legacy = _legacy_arabic(_MARKUP.sub(b" ", data))
            if legacy is not None:
                return data.decode(legacy[1]), legacy[1]
        if text is not None:
            return text, declared
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
    the default-ignorable code points Arabic news has no use for (U+200B, U+00AD,
    U+2060–U+206F, variation selectors, tag characters U+E0000–U+E0FFF, …; see
    ``_INVISIBLE``), U+FFF9–U+FFFB and noncharacters.  ZWNJ stays only inside
    Persian/Urdu words, ZWJ only between characters of other scripts (emoji); both
    go elsewhere.  Turns CR/CRLF, VT, FF and U+2028 into "\\n" and U+2029 into "\\n\\n".

    Returns:
        The cleaned text (never longer than the input, except for U+2029).
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.translate({0x0B: "\n", 0x0C: "\n", 0x2028: "\n", 0x2029: "\n\n"})
    return _joiners(_INVISIBLE.sub("", _ESCAPES.sub("", text)))


def one_line(value: object) -> str:
    """``value`` as one sanitized line (whitespace runs → one space); "" for a falsy value."""
    return " ".join(sanitize(str(value)).split()) if value else ""
