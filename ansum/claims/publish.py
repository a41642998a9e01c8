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
