"""Speaker spans: the noun phrase that says something, in either word order.

Verb-subject (:func:`vs_speaker`): the phrase between the reporting verb and its
complement, cut at stops; subject-verb (:func:`sv_speaker`): the words before a verb
near the start of the sentence; "as" clauses (:func:`as_speaker`, "حسبما تقول تقارير");
relative subjects (:func:`relative_subject`, "…، بوريس جونسون، والذي قال إن"); and the
object that وصف/طالب/ناشد put before their content (:func:`drop_object`).  Offsets
are normalized offsets of a :class:`~ansum.claims.prepared.Prepared` sentence.
"""

from __future__ import annotations

from ansum.claims.gazetteer import ROLE_HEADS, SUBJECT_HEADS
from ansum.claims.lexicon import (
    ACCORDING_TO,
    AS_MARKERS,
    COMPLEMENTIZERS,
    LEADING_PARTICLES,
    LEADING_PHRASES,
    PRONOUN_PPS,
    RELATIVES,
    starts_with_conjunction,
    verb_form,
)
from ansum.claims.prepared import Prepared, Token

_MAX_SPEAKER_TOKENS = 14
_MAX_SV_TOKENS = 12  # a subject before its verb is at most this long
MAX_APPOSITIVE_TOKENS = 4  # "، ديمتري بيسكوف،" after a title
MAX_NO_COMP_TOKENS = 8  # a subject with no أن/إن/quote after it must be this short
_AS_PAIRS = {("ما", a) for a in ACCORDING_TO} | {("لما", a) for a in ("وفقا", "ووفقا", "طبقا")}

Range = tuple[int, int]  # [start, end) in normalized offsets
Complement = tuple[str, int, int]  # kind ("that", "colon", "quote"), start, end


def vs_speaker(s: Prepared, i: int, comp: Complement | None) -> tuple[Range, str] | None:
    """Speaker after verb ``i`` (verb-subject order) and what ends it, or None.

    The second item is "comp" (a complementizer follows), "comma" or "stop".  With no
    complementizer the speaker must be short and delimited, and stops before a noun
    with a possessive pronoun ("وأكدت الوزارة تثمينها …": that is the object).
    """
    limit = comp[1] - (1 if comp[0] == "quote" else 0) if comp else len(s.norm)
    first = i + 1
    while first < len(s.toks) and s.toks[first][0] in PRONOUN_PPS:
        first += 1  # "يقول فيها تقي الدين إنه"
    if comp is not None:
        first = skip_time(s, first)
    segs = s.pieces(first, limit)
    if not segs or segs[0][0][0].startswith(("بال", "لل")):
        return None  # "وتابع بالقول إن", "يدعو للفخر": a subject never starts with a preposition
    chosen: list[Token] = []
    end = "comp" if comp else "end"
    for n, seg in enumerate(segs):
        cut = s.noun_phrase(seg)
        if n > 0 and (len(cut) < len(seg) or len(cut) > MAX_APPOSITIVE_TOKENS):
            end = "comma"  # not a name appositive: the speaker ended at the comma
            break
        chosen += cut
        if len(cut) < len(seg):
            end = "stop"
            break
        if n + 1 < len(segs):
            end = "comma"
    if comp is None:
        owned = next(
            (k for k, t in enumerate(chosen) if k and t[0].endswith(("ها", "هم", "هما"))), None
        )
        chosen = chosen[:owned] if owned is not None else chosen
        first_piece = [t for t in chosen if t[2] <= segs[0][-1][2]]
        if end == "end" or len(first_piece) > MAX_NO_COMP_TOKENS:
            return None
        if not chosen:
            return None
        head = chosen[0][0].removeprefix("و") if chosen[0][0][:1] == "و" else chosen[0][0]
        if head in ROLE_HEADS or chosen[0][0] in ROLE_HEADS:
            pass  # a title ("رئيس مجلس الأمة الكويتي", "مسؤول بارز في …") keeps its phrase
        elif named_head(chosen[0][0]):
            chosen = bounded_name(s, chosen)  # "وترفض موسكو أي ضلوع": the name alone
        elif chosen[0][0].isdigit() and len(chosen) >= 2 and not s.stop(chosen[1]):
            k = 2  # "وأعلنت 7 دول قطع علاقاتها": a counted noun (and nisbas), then the object
            while k < len(chosen) and _nisba(s, chosen[k]):
                k += 1  # "10 دول آسيوية"
            chosen = chosen[:k]
        elif _appositive(s, chosen, segs):
            pass  # "وأعرب دانيل ماك آرثر، المدير العام لمخبز أشرز، عن": a name and its title
        elif not any(t[0].startswith(("ال", "وال")) for t in chosen[:3]):
            return None  # "وأضافت وجود مليون طفل …": an indefinite noun is an object
    if not chosen or len(chosen) > _MAX_SPEAKER_TOKENS:
        return None
    return s.close_quote(chosen[0][1], chosen[-1][2]), end


def _appositive(s: Prepared, chosen: list[Token], segs: list[list[Token]]) -> bool:
    """Do ``chosen`` span a short name piece (1-3 words, none definite) and a title
    piece set off by commas that opens with ال or a role ("دانيل ماك آرثر، المدير
    العام لمخبز أشرز،", "تريزا ماي، رئيسة وزراء بريطانيا،")?"""
    if len(segs) < 2 or not 1 <= len(segs[0]) <= 3 or chosen[-1][2] <= segs[0][-1][2]:
        return False
    if any(t[0].startswith(("ال", "وال")) or s.stop(t) for t in segs[0]):
        return False
    title = segs[1][0][0]
    return title.startswith("ال") or title in ROLE_HEADS


#: Time words that may stand between a verb and its subject ("وقال الأربعاء الرئيس … إن").
TIME_WORDS = frozenset(
    "اليوم امس مساء صباح الاحد الاثنين الثلاثاء الاربعاء الخميس الجمعه السبت".split()
)


def skip_time(s: Prepared, first: int) -> int:
    """Index of the first token from ``first`` on that is not a :data:`TIME_WORDS` word,
    when a non-stop word follows them ("أكده الجمعة وزير الخارجية"); else ``first``."""
    k = first
    while k < len(s.toks) and s.toks[k][0] in TIME_WORDS:
        k += 1
    return k if k > first and k < len(s.toks) and not s.stop(s.toks[k]) else first


def named_head(word: str) -> bool:
    """Is ``word`` (normalized, no ال) a subject head of the corpus gazetteer
    (:mod:`ansum.claims.gazetteer`): a name, institution or role ("موسكو", "مسوولون")?"""
    word = word.removeprefix("و") if word[:1] == "و" and word[1:] in SUBJECT_HEADS else word
    return word in SUBJECT_HEADS or word in ROLE_HEADS


def bounded_name(s: Prepared, chosen: list[Token]) -> list[Token]:
    """``chosen`` cut after its gazetteer head and the words that can continue a name
    with no أن/إن after it: definite modifiers ("مسؤولون سعوديون" keeps its nisba
    adjective, "وكالة موديز" its name), other heads, quoted names; not an indefinite
    object ("موسكو أي ضلوع")."""
    out = chosen[:1]
    for tok in chosen[1:]:
        word = tok[0]
        if (
            word.startswith(("ال", "وال"))
            or named_head(word)
            or s.in_quote(tok[1])
            or word.endswith(("يون", "يين", "يه", "ي"))
            or word.startswith("#")
        ):
            out.append(tok)
        else:
            break
    return out


def opener_length(words: tuple[str, ...]) -> int:
    """Length of a :data:`LEADING_PHRASES` opener at the start of ``words`` (0 if none)."""
    return next((len(p) for p in LEADING_PHRASES if words[: len(p)] == p), 0)


#: Words that open a time or place adverbial, never a subject ("وفي مايو 2010، جددت").
_NOT_SUBJECT_START = frozenset("منذ خلال بعد قبل عقب اثناء مطلع نهايه بدايه".split())


def sv_speaker(s: Prepared, i: int) -> Range | None:
    """Speaker before verb ``i`` near the start of the sentence (subject-verb), or None.

    Not when the words between it and the verb open a new clause ("…، وقد حذر"), when
    the sentence opens with و + a verb ("ونشرت …"), nor when the words hold a relative
    pronoun, a complementizer, a reporting verb, a colon or a direct quote.
    """
    cand = list(s.toks[:i])
    cand = cand[opener_length(tuple(t[0] for t in cand)) :]  # "إلا أن وزير الدفاع … حذروا"
    while cand and cand[0][0] in LEADING_PARTICLES:
        cand.pop(0)
    while cand and cand[-1][0] in LEADING_PARTICLES:
        if cand[-1][0][:1] == "و" and cand[-1][0] != "و":
            return None
        cand.pop()
    cand = _without_relative(s, cand)
    if (
        not cand
        or len(cand) > _MAX_SV_TOKENS
        or s.stop(cand[0])
        or starts_with_conjunction(cand[0][0])
    ):
        return None
    verb_start = s.toks[i][1]
    if any(t[0] in RELATIVES or t[0] in COMPLEMENTIZERS or verb_form(t[0]) for t in cand):
        return None
    if any(q[0] < verb_start for q in s.direct) or ":" in s.norm[cand[0][1] : verb_start]:
        return None
    if cand[0][0] in _NOT_SUBJECT_START or any(c.isdigit() for t in cand for c in t[0]):
        return None  # "وفي مايو 2010، جددت واشنطن": a time phrase
    cand = s.noun_phrase(cand)
    return s.close_quote(cand[0][1], cand[-1][2]) if cand else None


def _without_relative(s: Prepared, cand: list[Token]) -> list[Token]:
    """``cand`` without a relative clause set off by commas between the subject and its
    verb ("وكان وزير الداخلية الجزائري نورالدين بدوي، الذي تشرف وزارته …، قد صرّح"):
    cut at a relative pronoun that follows a comma when a comma also closes ``cand``."""
    if not cand or "،" not in s.norm[cand[-1][2] : cand[-1][2] + 3]:
        return cand
    for k, tok in enumerate(cand[1:], 1):
        gap = s.norm[cand[k - 1][2] : tok[1]]
        if tok[0].removeprefix("و") in RELATIVES and "،" in gap:
            return cand[:k]
    return cand


#: Sentence openers after which a noun phrase before the verb is its subject
#: ("وكانت وكالة …، أكدت", "لكن مسؤولا بالتحالف نفى").
_TOPIC_OPENERS = frozenset("كان كانت وكان وكانت فكان لكن ولكن".split())


def fronted_subject(s: Prepared, subject: Range, i: int) -> bool:
    """Is ``subject`` (a range from :func:`sv_speaker` before verb token ``i``) surely the
    verb's subject, so that the words after the verb are its object?  True when the
    sentence opens with كان/لكن right before it, or when a comma closes it right before
    the verb and its head is a gazetteer name (:func:`named_head`)."""
    if s.toks[0][0] in _TOPIC_OPENERS and s.toks[1][1] == subject[0]:
        return True
    first = next(t for t in s.toks if t[1] >= subject[0])
    return "،" in s.norm[subject[1] : s.toks[i][1]] and named_head(first[0].removeprefix("ال"))


def drop_object(s: Prepared, speaker: Range, *, lone: bool) -> Range | None:
    """The speaker without the object that وصف/طالب/ناشد put before their content.

    "ووصف رئيس الوزراء يوسف الشاهد القانون بأنه", "طالب الناطق …، بيسكوف، الحكومة
    بتقديم", "وطالب اتحاد المصدرين الحكومة بتخفيض": the object is a last comma piece of
    at most 3 words that starts with ال, else (in 3+ words) the last word when definite, or
    the last two for a construct ("… المتحدة مجلس الأمن", 4+ words); before these, the
    object starts at the last definite noun that follows a name ("ووصف ترامب العلاقات
    الأمريكية الروسية") or a nisba adjective ("لجنة حقوق الإنسان الأسترالية التحرش
    الجنسي") and is no nisba adjective itself (:func:`_object_start`).  With ``lone``, a
    single definite word is the object itself and the subject is implicit: None.
    """
    toks = [t for t in s.toks if speaker[0] <= t[1] and t[2] <= speaker[1]]
    pieces = s.pieces(s.toks.index(toks[0]), speaker[1])
    if len(pieces) >= 2 and len(pieces[-1]) <= 3 and pieces[-1][0][0].startswith("ال"):
        return speaker[0], pieces[-2][-1][2]
    definite = [t[0].startswith(("ال", "وال")) for t in toks]
    cut = _object_start(s, toks, definite)
    if cut:
        return speaker[0], toks[cut - 1][2]
    if len(toks) >= 4 and definite[-1] and not definite[-2] and definite[-3]:
        return speaker[0], toks[-3][2]
    if len(toks) >= 3 and definite[-1]:
        return speaker[0], toks[-2][2]
    return None if lone and len(toks) == 1 and definite[0] else speaker


def _nisba(s: Prepared, tok: Token) -> bool:
    """Is ``tok`` a nisba adjective ("الأمريكي", "الأسترالية"), not "المستشفى"?"""
    return tok[0].endswith(("ي", "يه", "يون", "يين")) and s.text[s.index[tok[2] - 1]] != "\u0649"


def _object_start(s: Prepared, toks: list[Token], definite: list[bool]) -> int | None:
    """Index in ``toks`` of the last definite non-nisba noun right after a lone name
    (the first token, a gazetteer head that is no role) or after a definite nisba
    adjective: where the object of وصف/طالب begins; None if there is none."""
    found = None
    for k in range(1, len(toks)):
        if not definite[k] or _nisba(s, toks[k]):
            continue
        prev = toks[k - 1]
        after_name = k == 1 and not definite[0] and named_head(prev[0]) and (
            prev[0] not in ROLE_HEADS
        )
        if after_name or (definite[k - 1] and _nisba(s, prev)):
            found = k
    return found


def relative_subject(s: Prepared, i: int, comp: Complement) -> bool:
    """Is past verb ``i`` the whole relative clause "الذي قال (فيه) إن"?  The pronoun must
    agree with the verb (الذي قال، التي قالت، الذين قالوا) and only a pronoun phrase may
    stand between the verb and its complementizer, so the verb has no subject of its own
    ("التي قال إنها", "الذي أجاب به محللون" are not)."""
    pronoun = s.toks[i - 1][0].removeprefix("و") if i > 0 else ""
    ends = s.toks[i][0].endswith
    agrees = {"الذي": not ends(("ت", "وا")), "التي": ends("ت"), "الذين": ends("وا")}
    between = [t for t in s.toks[i + 1 :] if t[1] < comp[1]]
    return agrees.get(pronoun, False) and all(t[0] in PRONOUN_PPS for t in between)


def as_speaker(s: Prepared, i: int) -> tuple[Range, Range | None] | None:
    """Speaker and content of "…، حسبما تقول تقارير", "بحسب ما أفاد جهاز الإحصاء".

    The verb follows an "as" marker (:data:`AS_MARKERS`, or ما/لما after بحسب/وفقا)
    that ends a clause of 3+ words; the speaker is the phrase after the verb (it may be
    indefinite) and the content the clause before the marker.
    """
    words = [t[0] for t in s.toks]
    if i >= 1 and words[i - 1] in AS_MARKERS:
        m = i - 1
    elif i >= 2 and (words[i - 1], words[i - 2]) in _AS_PAIRS:
        m = i - 2
    else:
        return None
    opening = all(w in LEADING_PARTICLES for w in words[:m])  # "بحسب ما نشرته جريدة …"
    if not opening and len([w for w in words[:m] if w not in LEADING_PARTICLES]) < 3:
        return None
    segs = s.pieces(i + 1, len(s.norm))
    cut = s.noun_phrase(segs[0]) if segs else []
    if not cut or len(cut) > MAX_NO_COMP_TOKENS:
        return None
    content = None if opening else s.trimmed(0, s.toks[m][1])
    return s.close_quote(cut[0][1], cut[-1][2]), content
