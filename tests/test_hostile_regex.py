"""Every regular expression ansum applies to text runs in linear time (issue 12, item 4).

Python's ``re`` backtracks: ``re.sub(r"[\\d()\\s]+$", …)`` over 120 KB of "1 " took 93 s,
since each start position inside the run scans to its end before failing.  This test
finds every pattern in the package (compiled module constants, also inside tuples and
dicts, and literal patterns passed to ``re.sub``/``re.search``/… in function bodies),
builds hostile inputs from the pattern's own alphabet (long runs of one character it
matches, or of two alternating, then one character that breaks the match), screens
them on short strings, and runs the three slowest at 100 KB with a generous time bound.
A quadratic pattern needs minutes there; a linear one milliseconds.

How a pattern is applied matters: one only ever used with ``match``/``fullmatch`` is
anchored, so it is timed that way; every other is timed with ``finditer`` (what
``search``, ``sub``, ``split`` and ``findall`` do).
"""

from __future__ import annotations

import ast
import importlib
import itertools
import pkgutil
import re
import time

import pytest

import ansum

try:  # Python >= 3.11
    import re._constants as sc
    import re._parser as sp
except ImportError:  # pragma: no cover - Python 3.10
    import sre_constants as sc
    import sre_parse as sp

#: Hostile input length, characters.
SIZE = 100_000
#: Seconds one pattern may take on its worst 100 KB input (a linear one needs < 0.1 s on a
#: loaded machine; a quadratic one over a minute).
BOUND_S = 5.0
_CALLS = ("sub", "subn", "match", "search", "fullmatch", "split", "findall", "finditer")


def _modules():
    for info in pkgutil.walk_packages(ansum.__path__, "ansum."):
        if not info.name.endswith("__main__"):
            yield importlib.import_module(info.name)


def _harvest() -> dict[tuple[str, int], dict]:
    """(pattern, flags) → {"where": [...], "anchored": bool} for every pattern in ansum."""
    found: dict[tuple[str, int], dict] = {}

    def add(pattern: str, flags: int, where: str, methods: set[str]) -> None:
        entry = found.setdefault((pattern, flags), {"where": [], "anchored": True})
        entry["where"].append(where)
        entry["anchored"] &= bool(methods) and methods <= {"match", "fullmatch"}

    for mod in _modules():
        source = open(mod.__file__, encoding="utf-8").read()

        def walk(value, name, depth=0, source=source, mod=mod):
            if isinstance(value, re.Pattern):
                base = re.escape(name.split("[")[0])
                methods = set(re.findall(base + r"\.(\w+)\(", source))
                add(value.pattern, value.flags, f"{mod.__name__}.{name}", methods)
            elif depth < 3 and isinstance(value, (tuple, list, frozenset, set)):
                for i, item in enumerate(value):
                    walk(item, f"{name}[{i}]", depth + 1)
            elif depth < 3 and isinstance(value, dict):
                for key, item in value.items():
                    walk(item, f"{name}[{key!r}]", depth + 1)

        for name, value in vars(mod).items():
            walk(value, name)
        for node in ast.walk(ast.parse(source)):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and isinstance(node.func.value, ast.Name) and node.func.value.id == "re"
                    and node.func.attr in _CALLS and node.args):
                continue
            try:  # literal patterns and f-strings of module constants
                pattern = eval(compile(ast.Expression(node.args[0]), "<re>", "eval"),
                               {**vars(mod), "re": re})
            except NameError:  # built from loop variables: covered by test_dynamic_patterns
                continue
            if isinstance(pattern, str):
                add(pattern, 0, f"{mod.__name__}:{node.lineno}", {node.func.attr})
    return found


PATTERNS = _harvest()
_CATEGORY = {sc.CATEGORY_DIGIT: "1", sc.CATEGORY_SPACE: " ", sc.CATEGORY_WORD: "ب",
             sc.CATEGORY_NOT_DIGIT: "a", sc.CATEGORY_NOT_SPACE: "a", sc.CATEGORY_NOT_WORD: " "}


def _alphabet(pattern: str, flags: int) -> list[str]:
    """Characters the pattern can match somewhere: its literals, both ends of its class
    ranges, one member of each category, and a letter for "." and negated classes."""
    chars: set[str] = {" ", "1", "a", "ب", "،"}

    def visit(items):
        for op, av in items:
            if op is sc.LITERAL:
                chars.add(chr(av))
            elif op in (sc.NOT_LITERAL, sc.ANY):
                chars.update("aب")
            elif op is sc.IN:
                for o, a in av:
                    if o is sc.LITERAL:
                        chars.add(chr(a))
                    elif o is sc.RANGE:
                        chars.update((chr(a[0]), chr(a[1]), chr((a[0] + a[1]) // 2)))
                    elif o is sc.CATEGORY:
                        chars.add(_CATEGORY.get(a, "a"))
            elif op in (sc.MAX_REPEAT, sc.MIN_REPEAT):
                visit(av[2])
            elif op is sc.SUBPATTERN:
                visit(av[-1])
            elif op is sc.BRANCH:
                for branch in av[1]:
                    visit(branch)
            elif op in (sc.ASSERT, sc.ASSERT_NOT):
                visit(av[1])
            elif op is sc.GROUPREF_EXISTS:
                visit(av[1])
                if av[2]:
                    visit(av[2])

    visit(sp.parse(pattern, flags))
    return sorted(chars)


def _hostile(pattern: str | bytes, flags: int, n: int):
    """Yield (label, text): runs of one or two alphabet characters, then a breaker
    (as UTF-8 bytes for a bytes pattern)."""
    if isinstance(pattern, bytes):
        for label, text in _hostile(pattern.decode("latin-1"), flags & ~re.UNICODE, n):
            yield label, text.encode("utf-8")
        return
    alphabet = _alphabet(pattern, flags)
    if len(alphabet) > 24:  # long alternations of words: keep the classes' characters
        alphabet = alphabet[:8] + alphabet[len(alphabet) // 2 - 4: len(alphabet) // 2 + 4] \
            + alphabet[-8:]
    for c in alphabet:
        for b in ("", "!", "z", "\n", "ب", "«"):
            if b != c:
                yield f"{c!r}*n+{b!r}", c * n + b
    for c1, c2 in itertools.combinations(alphabet, 2):
        for b in ("", "!"):
            yield f"({c1!r}{c2!r})*n+{b!r}", (c1 + c2) * (n // 2) + b


def _run(rx: re.Pattern, text: str, anchored: bool) -> float:
    start = time.perf_counter()
    if anchored:
        rx.match(text)
        rx.fullmatch(text)
    else:
        for _ in rx.finditer(text):
            pass
    return time.perf_counter() - start


def test_every_pattern_is_found():
    # the harvest sees the patterns of each stage (a refactor must not hide them)
    where = " ".join(w for entry in PATTERNS.values() for w in entry["where"])
    for name in ("ansum.input.decode._ESCAPES", "ansum.input.clean._PAREN_DATELINE",
                 "ansum.claims.figures._PATTERNS[0][1]", "ansum.render.safe._SEQUENCE",
                 "ansum.arabic.segment._WORD_BEFORE", "ansum.input.html._HTML_TAG"):
        assert name in where
    assert len(PATTERNS) > 80


@pytest.mark.parametrize(("pattern", "flags"), sorted(PATTERNS, key=repr), ids=lambda v: (
    str(v)[:40] if isinstance(v, (str, bytes)) else str(v)))
def test_pattern_is_linear_on_100_kb_of_hostile_input(pattern, flags):
    entry = PATTERNS[(pattern, flags)]
    rx = re.compile(pattern, flags)
    screened = sorted(((_run(rx, text, entry["anchored"]), label)
                       for label, text in _hostile(pattern, flags, 600)), reverse=True)
    worst = {label for _, label in screened[:3]}
    for label, text in _hostile(pattern, flags, SIZE):
        if label in worst:
            elapsed = _run(rx, text, entry["anchored"])
            assert elapsed < BOUND_S, (entry["where"], label, f"{elapsed:.1f} s")


def test_dynamic_patterns_are_linear():
    # patterns built from loop variables, so not harvested above: clean.py's
    # "اقرأ أيضا:" markers (anchored match) via the public cleaner
    from ansum.input.clean import clean_text

    for tail in (" " * SIZE + "x", ":" * SIZE, "اقرأ أيضا" + " " * SIZE + ":"):
        start = time.perf_counter()
        clean_text("اقرأ أيضا" + tail + "\n\nنص المقال هنا.")
        assert time.perf_counter() - start < BOUND_S


def test_no_regex_escapes_the_harvest():
    # every call of the re module in ansum's source (re.compile included) has a pattern
    # the harvest holds, so none escapes the 100 KB test above; the one built in a
    # generator is figures._PATTERNS (harvested as a tuple of compiled patterns)
    known_dynamic = {("ansum.claims.figures", "rx")}
    harvested = {p for p, _ in PATTERNS}
    missed = []
    for mod in _modules():
        source = open(mod.__file__, encoding="utf-8").read()
        for node in ast.walk(ast.parse(source)):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and isinstance(node.func.value, ast.Name) and node.func.value.id == "re"
                    and node.func.attr in _CALLS + ("compile",) and node.args):
                continue
            arg = node.args[0]
            if isinstance(arg, ast.Name) and (mod.__name__, arg.id) in known_dynamic:
                continue
            try:
                pattern = eval(compile(ast.Expression(arg), "<re>", "eval"),
                               {**vars(mod), "re": re})
            except NameError:
                pattern = None
            if pattern not in harvested:
                missed.append(f"{mod.__name__}:{node.lineno}")
    assert not missed, f"patterns built at run time (make them module constants): {missed}"
    figures = importlib.import_module("ansum.claims.figures")
    assert all(rx.pattern in harvested for _, rx in figures._PATTERNS)
