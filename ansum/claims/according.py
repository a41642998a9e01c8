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
    verb_form,
)
from ansum.claims.prepared import Prepared
from ansum.claims.speaker import MAX_NO_COMP_TOKENS, Range, named_head, skip_time


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
    if all(w in LEADING_PARTICLES for w in words[len(opener) :]):
        return True
    # "ومن إسرائيل، كتب": a short prepositional opener closed by a comma right before
    return (
        0 < i <= _MAX_OPENER + 1
        and words[0] in _OPENING_PREPS
        and "،" in s.norm[s.toks[i - 1][2] : s.toks[i][1]]
        and not any(c.isdigit() for w in words for c in w)
    )


#: Prepositions that open a short adverbial before the verb ("ومن إسرائيل،", "وفي
#: المقابل،"); a year or date in it ("وفي مايو 2010،") makes it a time phrase instead.
_OPENING_PREPS = frozenset("من ومن في وفي علي وعلي".split())
_MAX_OPENER = 3


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


#: Object pronouns of a verb after ما ("ما أكده", "ما وصفته", "ما نشرته"); ته is the
#: feminine ت + ه.
_OBJECT_SUFFIXES = (("ته", "ت"), ("تها", "ت"), ("ها", ""), ("هم", ""), ("ه", ""))


def _past_with_object(word: str) -> bool:
    """Is ``word`` a reporting verb of the lexicon in the perfect with an object pronoun
    ("اكده", "اعتبره", "وصفتها")?"""
    for suffix, keep in _OBJECT_SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 2:
            hit = verb_form(word[: -len(suffix)] + keep)
            if hit is not None and hit[0].kind == "past":
                return True
    return False


def what_verb_said(s: Prepared) -> Local | None:
    """Attribution by "what X said": "وهذا ما أكده وزير …", "عوض ما اعتبره المحتجون
    "…"", "بحسب ما نشرته جريدة الشروق" (ما + a perfect verb with its object pronoun,
    then the subject noun phrase, which may be indefinite).  After بحسب/وفقا لـ the verb
    may be any perfect (نشرته، نقلته) and the marker is the verb of the attribution.
    The content is the clause before ما when it has 3+ words, else what follows the
    subject.  None when no such ما clause has a subject.
    """
    words = [t[0] for t in s.toks]
    for m in range(len(words) - 2):
        if words[m] not in ("ما", "لما") or s.in_quote(s.toks[m][1]):
            continue
        verb, marker = s.toks[m + 1], m - 1 if m and words[m - 1] in ACCORDING_TO else None
        looks_past = verb[0][:1] not in "يتا" and not verb[0].startswith("ال")
        if not (_past_with_object(verb[0]) or (marker is not None and looks_past)):
            continue
        segs = s.pieces(skip_time(s, m + 2), len(s.norm))
        first = segs[0] if segs else []
        if not first or s.stop(first[0]) or first[0][0][:1] == "ب" or verb_form(first[0][0]):
            continue
        cut = s.noun_phrase(first)
        quoted = next((k for k, t in enumerate(cut) if k and s.in_quote(t[1])), None)
        cut = cut[:quoted] if quoted and not s.in_quote(cut[0][1]) else cut  # 'المحتجون "…"'
        if not cut or len(cut) > MAX_NO_COMP_TOKENS:
            continue
        speaker = s.close_quote(cut[0][1], cut[-1][2])
        start = m if marker is None else marker
        head = s.toks[start]
        before = [w for w in words[:start] if w not in LEADING_PARTICLES and w != "هذا"]
        content = s.trimmed(0, head[1]) if len(before) >= 3 else s.trimmed(speaker[1], len(s.norm))
        shown = verb if marker is None else head
        return Local((shown[1], shown[2]), speaker, content, False)
    return None
