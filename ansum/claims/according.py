"""Attribution by "according to" (بحسب X، وفقا لـX، نقلا عن X، حسب قوله) and the
per-sentence attribution record shared with :mod:`ansum.claims.attribution`."""

from __future__ import annotations

from dataclasses import dataclass

from ansum.claims.lexicon import (
    ACCORDING_PRONOUNS,
    ACCORDING_TO,
    COMPLEMENTIZERS,
    LEADING_PARTICLES,
    LEADING_PHRASES,
)
from ansum.claims.prepared import Prepared
from ansum.claims.speaker import MAX_NO_COMP_TOKENS, Range, named_head


@dataclass(frozen=True)
class Local:
    """An attribution within one sentence, in normalized offsets."""

    verb: Range
    speaker: Range | None
    content: Range | None
    bare: bool  # no subject at all: the speaker may be inherited


def initial(s: Prepared, i: int) -> bool:
    """Are all tokens before token ``i`` leading particles (وكان، هذا، قد …), after at
    most one opening phrase of :data:`LEADING_PHRASES` ("إلى ذلك", "من جهة أخرى")?"""
    words = tuple(t[0] for t in s.toks[:i])
    opener = next((p for p in LEADING_PHRASES if words[: len(p)] == p), ())
    return all(w in LEADING_PARTICLES for w in words[len(opener) :])


#: Source nouns after "وفقا لـ" in mid-sentence ("… في نهاية ديسمبر وفقا لنشرة طرح السندات").
_SOURCE_NOUNS = frozenset("نشره بيان بيانات تقرير تقارير ارقام احصاءات احصاييات تقديرات".split())


def _source_follows(marker: str, nxt: str) -> bool:
    """Does an "according to" marker inside a clause (no comma before it) name a source?
    "بحسب" always does; "وفقا/طبقا لـ" when the ل word is a source noun, a definite noun
    of the gazetteer ("لوكالة", "للمتحدث") or a name ("وفقا لرويترز"), not a rule
    ("وفقا لمتطلبات الزبائن")."""
    if marker.removeprefix("و") == "بحسب":
        return True
    if not marker.endswith(("وفقا", "طبقا")) or not nxt.startswith("ل"):
        return False
    word = nxt[2:] if nxt.startswith("لل") else nxt[1:]
    return word in _SOURCE_NOUNS or named_head(word)


def according_to(s: Prepared) -> Local | None:
    """Attribution by "according to": بحسب X، وفقا لـX، نقلا عن X، حسب قوله.

    The marker must open the sentence or follow a comma, so that "التصميم السريع
    وفقا لمتطلبات الزبائن" is not an attribution.  The content is the text before
    the marker when there is some, else the text after the source.
    """
    for k, (tok, start, end) in enumerate(s.toks[:-1]):
        if tok not in ACCORDING_TO or s.in_quote(start):
            continue
        if not (
            initial(s, k)
            or s.norm[:start].rstrip().endswith(("،", ","))
            or _source_follows(tok, s.toks[k + 1][0])
        ):
            continue
        nxt, first, skip = s.toks[k + 1][0], k + 1, 0
        if tok.endswith(("وفقا", "طبقا")):
            if nxt == "ل":
                first = k + 2
            elif nxt.startswith("ل") and len(nxt) > 3:
                skip = 2 if nxt.startswith("لل") else 1  # "لوكالة", "للمتحدث" (ل + ال)
            else:
                continue
        elif tok.endswith("نقلا"):
            if nxt != "عن":
                continue
            first = k + 2
        elif nxt in ACCORDING_PRONOUNS:
            return Local((start, end), None, s.trimmed(0, start), True)
        elif nxt == "ما":
            continue  # "بحسب ما أفاد …": the verb carries the attribution
        segs = s.pieces(first, len(s.norm))
        if not segs:
            continue
        # "لوكالة رويترز": the ل-word is the source itself, not an audience stop
        source = segs[0][:1] + s.noun_phrase(segs[0][1:]) if skip else s.noun_phrase(segs[0])
        if not source or len(source) > MAX_NO_COMP_TOKENS:
            continue
        speaker = s.close_quote(source[0][1] + skip, source[-1][2])
        if len([t for t in s.toks[:k] if t[0] not in LEADING_PARTICLES]) >= 3:
            content = s.trimmed(0, start)
        else:
            content = s.trimmed(speaker[1], len(s.norm))
            head = next((t for t in s.toks if content and t[1] >= content[0]), None)
            if head and head[0] in COMPLEMENTIZERS:
                content = s.trimmed(head[2], len(s.norm))
        return Local((start, end), speaker, content, False)
    return None
