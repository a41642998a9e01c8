"""Publication verbs with an object and no أن: "ونشر المسماري تغريدة …", "وأصدر حزب
المؤتمر بيانا قال فيه …", "ونقل التلفزيون الرسمي السوري بثا مباشرا".

The speaker is the noun phrase between a sentence-initial publication verb and the
artifact it publishes (a statement, tweet, report, picture …).  Verbs and artifact
nouns were mined from ../shared/data/corpus/ant-2018.jsonl.gz (15,000 articles:
sentences whose first word is followed within 2-6 words by an artifact noun, the
verbs counted and read by hand; the artifact list seeds the search).  Offsets are
normalized offsets of a :class:`~ansum.claims.prepared.Prepared` sentence.
"""

from __future__ import annotations

from ansum.claims.according import Local, initial
from ansum.claims.lexicon import LEADING_PARTICLES, starts_with_conjunction, verb_form
from ansum.claims.prepared import Prepared

#: Publication verbs (perfect, normalized; the feminine and plural are derived).
_VERBS = frozenset("نشر اصدر بث كتب ارسل وجه نقل عرض".split())
#: Indefinite artifact nouns that are the object of a publication verb.
ARTIFACTS = frozenset(
    "بيانا تغريده تغريدات تقريرا رساله رسايل صورا صوره صورتين مقطع مقطعا فيديو فيديوهات "
    "تسجيلا تصريحا تصريحات كلمه مقالا منشورا بثا شريطا خطابا وثيقه بلاغا نداء تحذيرا".split()
)
_MAX_SUBJECT = 8


def _publication_verb(word: str) -> bool:
    """Is ``word`` a perfect publication verb with an optional و/ف ("ونشرت", "أصدروا")?"""
    for prefix in ("", "و", "ف"):
        stem = word[len(prefix) :] if word.startswith(prefix) else ""
        for suffix in ("", "ت", "وا"):
            if stem and stem.endswith(suffix) and stem[: len(stem) - len(suffix)] in _VERBS:
                return True
    return False


def publication(s: Prepared) -> Local | None:
    """Attribution of a sentence opening with a publication verb (:func:`published`), else
    of a subject reporting in its document (:func:`in_report`), else None."""
    return published(s) or in_report(s)


def published(s: Prepared) -> Local | None:
    """Attribution of a sentence opening with a publication verb, or None.

    The verb must open the sentence (after particles, :func:`initial`); an artifact
    noun (:data:`ARTIFACTS`, outside quotes) follows within :data:`_MAX_SUBJECT` + 1
    words; the words between are read as a noun phrase (cut at stops such as "على
    حسابه") and must begin it.  The content is the text from the artifact on.
    """
    i = next(
        (k for k, tok in enumerate(s.toks) if _publication_verb(tok[0]) and initial(s, k)), None
    )
    if i is None:
        return None
    _, start, end = s.toks[i]
    art = next(
        (k for k in range(i + 2, min(len(s.toks), i + 2 + _MAX_SUBJECT))
         if s.toks[k][0] in ARTIFACTS and not s.in_quote(s.toks[k][1])),
        None,
    )
    if art is None:
        return None
    between = s.toks[i + 1 : art]
    cut = s.noun_phrase(between)
    if "،" in s.norm[cut[-1][2] if cut else end : s.toks[art][1]]:
        return None  # "ونشر X، في …، صورة": the artifact is in another clause
    if not cut or s.stop(cut[0]):
        return None
    speaker = s.close_quote(cut[0][1], cut[-1][2])
    return Local((start, end), speaker, s.trimmed(s.toks[art][1], len(s.norm)), False)


#: Documents named by "في تقريرها/بيانها …" right after a subject: the subject reports.
_DOCUMENTS = frozenset("تقرير بيان ملخص دراسه مذكره بلاغ رساله تغريده نشره".split())
_POSSESSIVES = ("ها", "ه", "هم", "هما")
#: و-verbs that place or frame a document rather than report from it ("وجاء التقرير").
_NOT_REPORTING = ("وجاء", "وجات", "واجري", "وصدر", "وصدرت", "ونشر", "ونشرت")


def _document(word: str, *, definite: bool = False) -> bool:
    """Is ``word`` a document noun, bare or with a possessive ("تقريرها", "ملخص"), or with
    ``definite`` also with ال ("التقرير")?"""
    word = word.removeprefix("ال") if definite else word
    stem = next((word[: -len(p)] for p in _POSSESSIVES if word.endswith(p)), word)
    return word in _DOCUMENTS or stem in _DOCUMENTS


def in_report(s: Prepared) -> Local | None:
    """"وسجلت المنظمة في تقريرها الشهري تقلص …", "ورهنت الوكالة في ملخص نشر …": a
    sentence-initial و-verb outside the lexicon (not كان/جاء/صدر, no particle), a
    definite subject of 1-4 words that is no document itself, then "في" + a document
    noun without ال (:data:`_DOCUMENTS`, "في تقريرها", "في بيان"): the subject reports
    what follows.  None otherwise."""
    first = s.toks[0][0] if s.toks else ""
    if (
        len(s.toks) < 5
        or not starts_with_conjunction(first)
        or verb_form(first)
        or first in LEADING_PARTICLES
        or first.startswith(_NOT_REPORTING)
    ):
        return None
    k = next((k for k in range(2, min(6, len(s.toks) - 1)) if s.toks[k][0] == "في"), None)
    if k is None or not _document(s.toks[k + 1][0]):
        return None
    subject = s.toks[1:k]
    if (
        not subject[0][0].startswith("ال")
        or _document(subject[0][0], definite=True)  # "وجاء التقرير الأولي في دراسة"
        or s.noun_phrase(subject) != subject
    ):
        return None
    speaker = s.close_quote(subject[0][1], subject[-1][2])
    return Local((s.toks[0][1], s.toks[0][2]), speaker, s.trimmed(s.toks[k][1], len(s.norm)), False)
