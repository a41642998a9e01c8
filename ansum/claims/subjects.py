"""Subjects found away from the verb: the subject of the opening verb for a participle
(:func:`main_subject`), a name after the colon that follows the audience
(:func:`colon_subject`), and the fullest form of a short inherited name
(:func:`fullest_name`).  Offsets are normalized offsets of a
:class:`~ansum.claims.prepared.Prepared` sentence."""

from __future__ import annotations

from ansum.arabic.normalize import normalize
from ansum.claims.lexicon import (
    COMPLEMENTIZERS,
    LEADING_PARTICLES,
    starts_with_conjunction,
    verb_form,
)
from ansum.claims.prepared import Prepared
from ansum.claims.speaker import Complement, Range, opener_length, vs_speaker

#: Prepositions that open a comma-closed adverbial before the main verb ("وفي مايو 2010،").
_OPENING_PREPS = frozenset(
    "في وفي من ومن علي وعلي بعد وبعد خلال وخلال منذ ومنذ رغم ورغم بالرغم وبالرغم".split()
)
_MAX_MAIN_SUBJECT_TOKENS = 6
#: Verbs whose first noun may be the object (وصف X بـ, طالب X بـ, ناشد X).
_OBJECT_FIRST = frozenset("وصف طالب ناشد بين".split())
#: Definite adjectives that are no nisba but continue a title ("الأمين العام").
_TITLE_ADJECTIVES = frozenset(
    "العام العامه الاعلي الاول الاولي الكبير الجديد السابق الاسبق الاكبر الاخير الراحل "
    "المساعد المكلف الدايم الدايمه".split()
)


def main_subject(s: Prepared, i: int) -> Range | None:
    """The subject of the verb that opens the sentence, for participle ``i`` with no
    subject of its own ("ورفض القاضي … الدعوى، قائلا إن", "وفي مايو 2010، جددت واشنطن
    عقوباتها على دمشق، مشيرة إلى"): the first word after the particles, openers and a
    short comma-closed prepositional opener is taken as a verb and its subject is read
    as :func:`vs_speaker` reads one with no أن/إن (definite, a gazetteer head, a role or a
    name with its title), at most :data:`_MAX_MAIN_SUBJECT_TOKENS` words, before ``i``."""
    words = [t[0] for t in s.toks]
    p = opener_length(tuple(words))
    while p < i and words[p] in LEADING_PARTICLES:
        p += 1
    if p < i and words[p] in _OPENING_PREPS:
        comma = next((k for k in range(p + 1, min(i, p + 5))
                      if "،" in s.norm[s.toks[k - 1][2] : s.toks[k][1]]), None)
        p = comma if comma is not None else i
    if p >= i - 1 or s.stop(s.toks[p]) or words[p].startswith("ال") or s.in_quote(s.toks[p][1]):
        return None
    own = verb_form(words[p])
    if own is not None and (not own[0].ambiguous or own[0].lemma in _OBJECT_FIRST):
        return None  # "وأكد حق كل التونسيين …، مثمنا": its own analysis found no subject
    if p == 0 and own is None and not starts_with_conjunction(words[0]):
        return None  # "محمد بدأ الفيديو …": no sentence-initial verb
    if any(c.isdigit() for c in words[p]) or verb_form(words[p + 1]):
        return None
    found = vs_speaker(s, p, None)
    if found is None or found[0][1] > s.toks[i][1]:
        return None
    if s.norm[found[0][0] : found[0][1]].split()[0] in ("هذا", "هذه", "هولاء", "تلك"):
        return None  # "ورغم هذه المفاجأة، ظلت": a demonstrative phrase
    inside = [t for t in s.toks if found[0][0] <= t[1] < found[0][1]]
    for k in range(1, len(inside)):  # "وافتتح الوزير المعرض": a 2nd definite noun is the object
        gap = s.norm[inside[k - 1][2] : inside[k][1]]
        word = inside[k][0]
        if "،" in gap:
            break  # an appositive title after a comma stays
        nisba = word.endswith(("ي", "يه", "يون", "يين")) and s.text[
            s.index[inside[k][2] - 1]
        ] != "\u0649"  # "الروسي", not "المستشفى" (alef maqsura)
        if (
            inside[k - 1][0].startswith("ال")
            and word.startswith("ال")
            and not nisba
            and word not in _TITLE_ADJECTIVES
        ):
            inside = inside[:k]
            break
    if len(inside) > _MAX_MAIN_SUBJECT_TOKENS:
        return None
    return s.close_quote(inside[0][1], inside[-1][2])



_MAX_COLON_SUBJECT_TOKENS = 12
_NOT_NAMES = frozenset("نحن انا انت انتم هناك هنا".split())  # a clause after the colon


def colon_subject(s: Prepared, i: int, comp: Complement) -> tuple[Range, Complement] | None:
    """A subject named after the colon that follows verb ``i`` and its audience ('قال
    لـ»المدينة»: خلدون بركات رئيس لجنة التأمين في غرفة جدة، إن …'): the words between the
    colon and an أن/إن at most :data:`_MAX_COLON_SUBJECT_TOKENS` words on, with no verb
    or quote among them, read as a name and its title.  Returns the speaker and the
    أن/إن as the new complement, or None."""
    if comp[0] != "colon" or i + 1 >= len(s.toks) or s.toks[i + 1][1] >= comp[1]:
        return None  # no audience between the verb and the colon
    after = [t for t in s.toks if t[1] >= comp[2]][: _MAX_COLON_SUBJECT_TOKENS + 1]
    that = next((k for k, t in enumerate(after) if t[0] in COMPLEMENTIZERS), None)
    if not that or any(verb_form(t[0]) or s.in_quote(t[1]) for t in after[:that]):
        return None
    words = after[:that]
    head = words[0][0]
    if len(words) < 2 or head.startswith(("ال", "وال")) or s.stop(words[0]) or head in _NOT_NAMES:
        return None  # "قال: الوضع … إن": a sentence, not a name
    cut = s.noun_phrase(words)
    if not cut:
        return None
    t = after[that]
    return s.close_quote(cut[0][1], cut[-1][2]), ("that", t[1], t[2])


_NAME_PUNCT = "،,.:;؛()\"«»“”"


def fullest_name(name: str, earlier: list[str]) -> str:
    """The fullest form of a short speaker ``name`` (1-2 words) among the ``earlier``
    speakers of the article: the first earlier speaker holding its words in a row,
    cut after them ("ياسين", ["محمد علي ياسين الرئيس التنفيذي لشركة …"] -> "محمد علي
    ياسين"); ``name`` itself when none does or it is longer.  Words are compared
    normalized (:func:`ansum.arabic.normalize.normalize`), without punctuation."""
    short = [normalize(w.strip(_NAME_PUNCT)) for w in name.split()]
    if not 1 <= len(short) <= 2:
        return name
    for text in earlier:
        words = text.split()
        norm = [normalize(w.strip(_NAME_PUNCT)) for w in words]
        for k in range(len(norm) - len(short) + 1):
            if norm[k : k + len(short)] == short and k > 0:
                full = " ".join(words[: k + len(short)]).strip(_NAME_PUNCT + " ")
                if full.count('"') % 2:
                    full = full.replace('"', "")  # 'مدير المركز "عبد الله الربيعة'
                return full
    return name
