"""Visual order for terminals that do not apply the Unicode bidi algorithm.

Most terminal emulators (xterm, GNOME Terminal/VTE before 0.76, Windows Terminal, tmux)
print characters left to right in the order they arrive, so Arabic shows reversed and
left-aligned; a few (mlterm, Konsole, VTE ≥ 0.76 with bidi on, iTerm2 partly) reorder
it themselves.  ansum keeps logical order by default (what every file and pipe needs);
``--bidi visual`` reorders each *displayed line* here, after wrapping, with the
embedding levels of the Unicode Bidirectional Algorithm (UAX #9) computed by
`python-bidi <https://pypi.org/project/python-bidi/>`_, then rule L2 (reverse runs from
the highest level down to the lowest odd level) and rule L4 (mirrored brackets at odd
levels).  A line whose first strong character is Arabic gets a right-to-left base
direction, so its trailing padding moves to the left: it reads right-aligned.

ANSI SGR styles (``ESC [ … m``) are carried with the characters they style.
"""

from __future__ import annotations

import re
import unicodedata

from ansum.errors import ConfigError

_SGR = re.compile(r"\x1b\[[0-9;]*m")
_MIRROR = dict(zip("()[]{}<>«»‹›", ")(][}{><»«›‹", strict=True))


def _bidi():
    try:
        import bidi
    except ImportError:
        raise ConfigError("--bidi visual needs the python-bidi package",
                          hint="pip install 'ansum[bidi]' (or python-bidi)") from None
    return bidi


def _levels(text: str) -> list[int]:
    """Embedding level of each character of one line (UAX #9, python-bidi)."""
    from bidi import get_display

    debug = get_display(text, debug=True)
    block = debug.split("levels:", 1)[1].split("paragraphs:", 1)[0] if "levels:" in debug else ""
    per_unit = [int(x) for x in re.findall(r"Level\(\s*(\d+)", block)]
    if len(per_unit) == len(text):
        return per_unit
    encoded = text.encode("utf-8")
    if len(per_unit) == len(encoded):  # levels per UTF-8 byte: take each character's first
        out, offset = [], 0
        for ch in text:
            out.append(per_unit[offset])
            offset += len(ch.encode("utf-8"))
        return out
    raise ValueError("python-bidi returned levels of an unexpected shape")


def visual_order(text: str) -> list[int]:
    """Return the indices of ``text``'s characters in display order, left to right.

    Args:
        text: one line (no newline), in logical order.

    Returns:
        A permutation of ``range(len(text))``.

    Raises:
        ConfigError: python-bidi is not installed.
    """
    _bidi()
    if not text:
        return []
    levels = _levels(text)
    order = list(range(len(text)))
    top = max(levels)
    lowest_odd = min((lv for lv in levels if lv % 2), default=top + 1)
    for level in range(top, lowest_odd - 1, -1):
        i = 0
        while i < len(order):
            if levels[order[i]] >= level:
                j = i
                while j < len(order) and levels[order[j]] >= level:
                    j += 1
                order[i:j] = reversed(order[i:j])
                i = j
            else:
                i += 1
    return order


def _mirror(ch: str, level: int) -> str:
    if level % 2 and unicodedata.mirrored(ch):
        return _MIRROR.get(ch, ch)
    return ch


def visual_line(line: str) -> str:
    """Return one line (logical order, maybe with SGR styles) in display order.

    Raises:
        ConfigError: python-bidi is not installed.
    """
    chars: list[str] = []
    styles: list[str] = []
    style = ""
    pos = 0
    for m in _SGR.finditer(line):
        for ch in line[pos : m.start()]:
            chars.append(ch)
            styles.append(style)
        code = m.group()
        style = "" if code in ("\x1b[0m", "\x1b[m") else style + code
        pos = m.end()
    for ch in line[pos:]:
        chars.append(ch)
        styles.append(style)
    text = "".join(chars)
    if not any(unicodedata.bidirectional(c) in ("R", "AL") for c in text):
        return line
    order = visual_order(text)
    levels = _levels(text)
    out, current = [], ""
    for i in order:
        if styles[i] != current:
            out.append("\x1b[0m" + styles[i] if current else styles[i])
            current = styles[i]
        out.append(_mirror(chars[i], levels[i]))
    if current:
        out.append("\x1b[0m")
    return "".join(out)


def visual_text(text: str) -> str:
    """Apply :func:`visual_line` to every line of ``text``."""
    return "\n".join(visual_line(line) for line in text.split("\n"))
