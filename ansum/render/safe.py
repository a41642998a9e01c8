"""Output safety: strip terminal control sequences and invisible bidi controls.

Every renderer except JSON passes user-derived text (title, source, sentences,
speaker, warnings …) through :func:`sanitize` before escaping it for its format,
so that an article cannot move the cursor, clear the screen, set the clipboard
(OSC 52), plant a hyperlink (OSC 8) or reorder what the reader sees (the "Trojan
Source" bidi trick, CVE-2021-42574).

Sequences recognised (ECMA-48, 5th ed., sections 5.3-5.6; xterm "ctlseqs"):

* CSI ``ESC [`` parameters, intermediates, final byte (and 8-bit ``U+009B``);
* OSC ``ESC ]`` … ``BEL`` or ``ESC \\`` (and ``U+009D``), e.g. OSC 8 and OSC 52;
* DCS/SOS/PM/APC strings ``ESC P|X|^|_`` … ``ESC \\`` (and ``U+0090``/``98``/``9E``/``9F``);
* other escape sequences ``ESC`` intermediates* final (e.g. ``ESC c``, ``ESC ( B``);
* any remaining C0/C1 control character except ``\\n`` and ``\\t`` (so ``\\r`` goes).

Invisible characters dropped: the same default-ignorable set as the input stage
(:data:`ansum.input.decode.INVISIBLE_CLASS`): the bidi formatting characters of UAX #9
table 1 (U+061C, U+200E, U+200F, U+202A-U+202E, U+2066-U+2069), ZERO WIDTH SPACE
U+200B, U+FEFF, U+206A-U+206F, tag characters U+E0000-U+E0FFF, variation selectors,
U+FFF9-U+FFFB, noncharacters ….  ZWNJ U+200C and ZWJ U+200D are kept by
:func:`sanitize` (text that came through the input stage keeps them only inside
Persian/Urdu words); :func:`sanitize_line`, used for config strings, file names and
messages too, applies the input stage's whole sanitizer, joiner rules included.
"""

from __future__ import annotations

import re

from ansum.input.decode import INVISIBLE_CLASS, sanitize as _input_sanitize

# Order matters: string sequences (OSC; DCS, SOS, PM, APC) before plain escapes, escapes
# before lone controls.  An unterminated string sequence is cut at the end of its line.
_SEQUENCE = re.compile(
    r"""
      (?:\x1b\]|\x9d) [^\x07\x1b\x9c\n]* (?:\x07|\x1b\\|\x9c)?        # OSC
    | (?:\x1b[PX^_]|[\x90\x98\x9e\x9f]) [^\x07\x1b\x9c\n]* (?:\x07|\x1b\\|\x9c)?
    | (?:\x1b\[|\x9b) [\x30-\x3f]* [\x20-\x2f]* [\x40-\x7e]?          # CSI
    | \x1b [\x20-\x2f]* [\x30-\x7e]?                                    # other ESC sequences
    | [\x00-\x08\x0b-\x1f\x7f-\x9f]                                     # other C0 / C1 controls
    | [""" + INVISIBLE_CLASS + """]   # bidi controls, ZWSP, BOM, tags … (as the input stage)
    """,
    re.VERBOSE,
)


def removal_ranges(text: str) -> list[tuple[int, int]]:
    """Return the half-open character ranges :func:`sanitize` deletes from ``text``.

    Args:
        text: any string.

    Returns:
        Sorted, non-overlapping ``(start, end)`` pairs in characters (code points).
    """
    return [m.span() for m in _SEQUENCE.finditer(text)]


def sanitize(text: str) -> str:
    """Return ``text`` without control sequences, control characters or bidi controls.

    Args:
        text: user-derived text (may hold ``ESC``, ``BEL``, ``U+202E`` …).

    Returns:
        The text with every range of :func:`removal_ranges` deleted; ``\\n``, ``\\t``,
        ZWNJ and ZWJ are kept, all other characters are unchanged and in logical
        order.  Never raises.
    """
    return _SEQUENCE.sub("", text)


def sanitize_line(text: str) -> str:
    """Return :func:`sanitize` of ``text`` with every run of whitespace made one space.

    For one-line fields (title, source, date, speaker, warnings) where a newline
    would break the output's structure.  Leading and trailing whitespace is removed.
    """
    return " ".join(_input_sanitize(sanitize(text)).split())
