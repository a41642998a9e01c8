"""Who said what: the reporting verb, speaker and reported content of a sentence.

Attribution follows the two word orders of Arabic news prose (Ryding, "A Reference
Grammar of Modern Standard Arabic", 2005, ch. 4):

* verb-subject: "وقال بيسكوف للصحفيين، إن …", "صرح المتحدث الرسمي …، ديمتري بيسكوف،
  اليوم الخميس، أن …": the speaker is the noun phrase between the verb and the
  complementizer (أن/إن/بأن, a colon or a direct quote), cut at time phrases, the
  setting ("في تصريح"), the audience ("للصحفيين") and the other stops of
  :mod:`ansum.claims.lexicon`; a title, comma, short name appositive stays one speaker;
* subject-verb: "الرئيس الروسي فلاديمير بوتين، شدد …": the words before a verb near
  the start of the sentence (after particles such as وكان، هذا، قد).

"According to" markers (بحسب، وفق/وفقا لـ، نقلا عن) attribute a sentence with no verb;
"…، حسبما تقول تقارير" and "بحسب ما أفاد X" take X as speaker, "…، بوريس جونسون، والذي
قال إن" the relative's antecedent; طالب/ناشد/أشاد/ندد report a ب phrase ("بتقديم …").
A verb with no subject at all ("وأكد "نقول …"", "وأضاف أن …") inherits the speaker of
the latest attributed sentence of the same or the previous paragraph (coreference
by recency); such a speaker is text of another sentence, not a span.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ansum.claims.according import Local as _Local
from ansum.claims.according import according_to as _according_to
from ansum.claims.according import initial as _initial
from ansum.claims.according import what_verb_said
from ansum.claims.lexicon import (
    BI_VERBS,
    COMPLEMENTIZERS,
    RELATIVES,
    SETTING_WORDS,
    VerbForm,
    verb_form,
)
from ansum.claims.prepared import PUNCT, Prepared, Token
from ansum.claims.publish import publication
from ansum.claims.speaker import (
    MAX_APPOSITIVE_TOKENS,
    Complement,
    Range,
    as_speaker,
    drop_object,
    fronted_subject,
    named_head,
    relative_subject,
    sv_speaker,
    vs_speaker,
)
from ansum.claims.subjects import colon_subject, fullest_name, main_subject
from ansum.schema import Sentence, Span

_MAX_SETTING_TOKENS = 12  # "، في اجتماعه بمديري التعليم صباح أمس،" skipped before content
_COMPLEMENT_WINDOW = 30  # tokens after the verb searched for أن/إن, ":" or a quote
_AMBIGUOUS_WINDOW = 8  # an ambiguous verb ("بين") needs its complementizer this close
_INHERIT_MAX_PARAGRAPHS = 1
#: "بحسب ما أفاد", "وفقا لما ذكرت": (word before the verb, the word before it).


@dataclass(frozen=True)
class Attribution:
    """Who said what in one sentence (all spans index the sentence's text).

    Attributes:
        sentence_index: index of the sentence.
        verb: the reporting verb (or "according to" marker) as written.
        speaker: the explicit speaker, or None.
        content: the reported clause or quote, or None.
        inherited_speaker: when ``speaker`` is None and the sentence is a bare
            continuation ("وأكد …"), the speaker text of the earlier sentence it
            continues; otherwise None.
        inherited_from: index of that earlier sentence, or None.
        speaker_name: the speaker as text: ``speaker``'s text, else
            ``inherited_speaker``, else None.
    """

    sentence_index: int
    verb: Span
    speaker: Span | None = None
    content: Span | None = None
    inherited_speaker: str | None = None
    inherited_from: int | None = None
    speaker_name: str | None = None


def _complement(s: Prepared, i: int) -> Complement | None:
    """The first complementizer, colon or direct quote after verb token ``i``.

    Searched up to :data:`_COMPLEMENT_WINDOW` tokens and never past the next
    unambiguous reporting verb other than قائلا/قائلة.  Kind "that" spans the أن/إن
    token, "colon" the colon, "quote" the quote's inner text; for a verb of
    :data:`BI_VERBS` with none of these, kind "bi" is the empty range at the first ب
    word ("طالب X بتقديم").
    """
    own = verb_form(s.toks[i][0])
    bi_verb = own is not None and own[0].lemma in BI_VERBS and own[0].kind != "participle"
    verb_end = s.toks[i][2]
    window: list[Token] = []
    for tok in s.toks[i + 1 : i + 1 + _COMPLEMENT_WINDOW]:
        hit = verb_form(tok[0])
        saying = hit is not None and hit[0].lemma == "قال" and hit[0].kind == "participle"
        if hit is not None and not hit[0].ambiguous and not s.in_quote(tok[1]) and not saying:
            break  # "واستطرد بوميدوحة قائلا إن": قائلا only repeats the verb
        window.append(tok)
    limit = window[-1][2] if window else verb_end
    found: list[tuple[int, str, int, int]] = []
    that = next((t for t in window if t[0] in COMPLEMENTIZERS and not s.in_quote(t[1])), None)
    if that:
        found.append((that[1], "that", that[1], that[2]))
    colon = next(
        (k for k in range(verb_end, limit + 1) if s.norm[k : k + 1] == ":" and not s.in_quote(k)),
        None,
    )
    if colon is not None:
        found.append((colon, "colon", colon, colon + 1))
    quote = next((q for q in s.direct if verb_end <= q[0] <= limit), None)
    if quote:
        found.append((quote[0], "quote", quote[1], quote[2]))
    loose = bi_verb and not BI_VERBS[own[0].lemma]  # no object: any ب word ("أشاد بجهود")
    bi = next((t for t in window if s.bi_word(t, loose)), None) if bi_verb and not found else None
    if bi:
        found.append((bi[1], "bi", bi[1], bi[1]))
    if not found:
        return None
    _, kind, start, end = min(found)
    return kind, start, end



def _valid_verbs(s: Prepared) -> list[tuple[int, VerbForm, int]]:
    """Reporting verbs of the sentence as ``(token index, form, prefix length)``.

    An ambiguous finite form counts only at the start of the sentence (after
    particles); an ambiguous form counts when أن/إن or a colon is within
    :data:`_AMBIGUOUS_WINDOW` tokens or a direct quote follows it or its subject, or
    when it has a و/ف prefix and a comma-delimited subject ("ووصف المتحدث …، دميتري
    بيسكوف،").
    """
    out = []
    for i, (tok, start, end) in enumerate(s.toks):
        hit = verb_form(tok)
        if hit is None or s.in_quote(start):
            continue
        form, prefix = hit
        if form.kind == "past" and _passive(s, start + prefix):
            continue  # "اتُهمت دمشق بتنفيذه": a passive perfect has no speaker
        if form.kind == "present" and _in_relative(s, i):
            continue  # "البلاد الذي لم يعترف بحكومة …": a relative clause
        if form.ambiguous and form.kind != "participle" and not _initial(s, i) and not (
            i + 1 < len(s.toks)
            and s.toks[i + 1][0] in COMPLEMENTIZERS
            and not _passive(s, start + prefix)  # "برامج … يُعتقد أن": no subject before it
            and sv_speaker(s, i)
        ):
            continue  # "بين بغداد والرياض": ambiguous verbs open a sentence or follow a subject
        if form.ambiguous:
            comp = _complement(s, i)
            if comp is None:
                near = False
            elif comp[0] == "quote":  # 'وأضاف "…"' or 'وأضاف الوزير "…"', not 'طالب لجوء من "…'
                subject = vs_speaker(s, i, comp)
                between = [t for t in s.toks[i + 1 :] if t[2] < comp[1]]
                near = (
                    not s.norm[end : comp[1] - 1].strip(PUNCT)
                    or (subject is not None and subject[1] == "comp")
                    or (len(between) == 1 and s.stop(between[0]))  # 'وأضاف للصحفيين "…"'
                )
            else:
                near = sum(1 for t in s.toks[i + 1 :] if t[1] < comp[1]) <= _AMBIGUOUS_WINDOW
            far = prefix or (_initial(s, i) and comp is not None and comp[0] == "that")
            if not near and not (far and _far_complement(s, i, form, comp)):
                if not prefix or form.lemma == "بين":
                    continue
                found = vs_speaker(s, i, None)
                if found is None or found[1] != "comma":
                    continue
        out.append((i, form, prefix))
    return out


def _definite(s: Prepared, speaker: Range) -> bool:
    """Does ``speaker`` open with a definite noun or a gazetteer head ("السديس", "كيم")?"""
    head = next(t for t in s.toks if t[1] >= speaker[0])[0]
    return head.startswith("ال") or named_head(head)


_DAMMA = "\u064f"


def _passive(s: Prepared, start: int) -> bool:
    """Does the verb whose stem begins at normalized offset ``start`` carry a damma on its
    first or second letter ("عُيّن", "اتُّهمت", "يُعتقد"): for a perfect the passive voice,
    which an active perfect never marks so (Ryding 2005, ch. 36); for an imperfect the
    passive or a form II/IV active ("يُشير"), so callers use it on perfects, or on
    imperfects only to refuse a reading?"""
    text = s.text[s.index[start] : s.index[min(start + 2, len(s.norm) - 1)] + 2]
    return _DAMMA in text[:4]


#: Particles between a relative pronoun and its verb ("الذي لم يعترف", "التي قد تشير").
_RELATIVE_PARTICLES = frozenset("لم لا لن قد ما".split())


def _in_relative(s: Prepared, i: int) -> bool:
    """Does verb token ``i`` follow a relative pronoun (across a particle such as لم)?"""
    k = i - 1
    if k >= 0 and s.toks[k][0] in _RELATIVE_PARTICLES:
        k -= 1
    return k >= 0 and s.toks[k][0].removeprefix("و") in RELATIVES


def _far_complement(s: Prepared, i: int, form: VerbForm, comp: Complement | None) -> bool:
    """Does a prefixed ambiguous verb have a subject and then أن/إن, a colon or a ب content
    beyond :data:`_AMBIGUOUS_WINDOW` ("وبين خلبوس، ضيف …، اليوم، أن")?  The subject ends at
    it or a comma; except for بين ("between") a stop may also end it ("وكشف الثاني …")."""
    if comp is None or comp[0] == "quote":
        return False
    found = vs_speaker(s, i, comp)
    return found is not None and (found[1] in ("comp", "comma") or form.lemma != "بين")


def _content(s: Prepared, start: int, stop: int | None) -> Range | None:
    """The reported clause from ``start`` up to ``stop`` (the next verb) or the end."""
    end = stop if stop is not None and stop > start else len(s.norm)
    for q in s.direct:
        if q[0] >= start and not s.norm[start : q[0]].strip(PUNCT):
            return s.trimmed(q[1], q[2])
    return s.trimmed(start, end)


def _skip_setting(s: Prepared, start: int) -> int:
    """Skip comma-delimited setting phrases ("، في وقت سابق،") that follow ``start``."""
    while True:
        first = next((k for k, t in enumerate(s.toks) if t[1] >= start), len(s.toks))
        segs = s.pieces(first, len(s.norm))
        if (
            len(segs) < 2
            or segs[0][0][0] not in SETTING_WORDS
            or len(segs[0]) > _MAX_SETTING_TOKENS
        ):
            return start
        start = segs[0][-1][2]


#: Prepositions right after a و-verb with no subject and no أن: the sentence continues
#: the previous speaker ("وأشار إلى ضغوط …", "وأعرب عن أمله", "وشدد على ضرورة").
_CONTINUING_PREPS = frozenset("الي عن علي".split())


def _attribute_verb(
    s: Prepared, i: int, form: VerbForm, prefix: int, verbs: list[tuple[int, VerbForm, int]]
) -> _Local | None:
    """Attribution around verb token ``i``, or None when the verb is too weak alone."""
    verb = (s.toks[i][1], s.toks[i][2])
    comp = _complement(s, i)
    initial = _initial(s, i)
    coordinated = prefix and s.toks[i][0][0] == "و"  # "…، وقال": subject in an earlier clause
    # a subject before the verb ("لكن مسؤولا بالتحالف نفى خوض …") leaves it no subject after
    finite = form.kind != "participle"
    before = sv_speaker(s, i) if finite and not initial and not coordinated else None
    fronted = before is not None and fronted_subject(s, before, i)
    found = vs_speaker(s, i, comp) if form.kind != "participle" and not fronted else None
    if found and comp is None and found[1] == "stop" and form.ambiguous:
        found = None
    speaker = found[0] if found else None
    named = colon_subject(s, i, comp) if speaker is None and comp else None
    if named:
        speaker, comp = named  # 'قال لـ»المدينة»: خلدون بركات رئيس …، إن'
    lone_object = False  # "كما وصفت التقارير … بأنها": the only noun is وصف's object
    if speaker and comp and (form.lemma == "وصف" or (comp[0] == "bi" and BI_VERBS[form.lemma])):
        speaker = drop_object(s, speaker, lone=form.lemma == "وصف")
        lone_object = speaker is None
    if speaker is None and form.kind == "past" and comp and relative_subject(s, i, comp):
        speaker = s.antecedent(i - 1, MAX_APPOSITIVE_TOKENS)  # "…، بوريس جونسون، والذي قال إن"
    after_comma = i > 0 and "،" in s.norm[s.toks[i - 1][2] : s.toks[i][1]]
    if speaker is None and (form.kind == "participle" or (coordinated and after_comma)) and (
        not initial
    ):
        speaker = main_subject(s, i)  # "ورفض القاضي … الدعوى، قائلا إن"; "وهنأ السديس …، وقال"
        if speaker and coordinated and form.kind != "participle" and not _definite(s, speaker):
            speaker = None  # "وسأحتاج بعض الوقت …، واختتم": no subject of the opening verb
    as_found = as_speaker(s, i) if speaker is None and comp is None else None
    if as_found:
        return _Local(verb, *as_found, False)
    if speaker is None or fronted:
        speaker = before
    if speaker is None and comp is None and not initial:
        return None
    after = speaker[1] if speaker and speaker[0] > verb[0] else verb[1]
    later = [s.toks[v[0]][1] for v in verbs if s.toks[v[0]][1] > (comp[2] if comp else after)]
    stop = later[0] if later else None
    if comp and comp[0] == "quote":
        content = s.trimmed(comp[1], comp[2])
    elif comp:
        content = _content(s, comp[2], stop)
    else:
        content = _content(s, _skip_setting(s, after), stop) or _content(s, after, stop)
    bare = speaker is None and initial
    if form.kind != "participle":
        head = next((t for t in s.toks[i + 1 :] if comp and t[1] < comp[1]), None)
        nxt = s.toks[i + 1][0] if i + 1 < len(s.toks) else ""
        bare = bare and (
            (comp is not None
             and (head is None or s.stop(head) or head[0].startswith("بال") or lone_object))
            or (comp is None and prefix > 0 and nxt in _CONTINUING_PREPS)  # "وأشار إلى ضغوط"
        )
    return _Local(verb, speaker, content, bare)



def _attribute_local(s: Prepared) -> _Local | None:
    """The main attribution of one sentence, or None.

    Verbs are tried in order, finite verbs before participles; a verb counts when it
    has a speaker, a complementizer or opens the sentence ("مقاطع توضح ذلك" does
    not).  A participle ("مضيفا أن") never takes the noun after it as its subject
    (with no subject, a "ما أكده X" clause of the sentence gives it), and an
    imperfect after a relative pronoun ("التي تشير") is not an attribution.
    """
    published = publication(s)  # "ونشر المسماري تغريدة …": before a later "قال فيها"
    if published is not None:
        return published
    verbs = _valid_verbs(s)
    ordered = sorted(verbs, key=lambda v: v[1].kind == "participle")  # stable
    for i, form, prefix in ordered:
        local = _attribute_verb(s, i, form, prefix, verbs)
        if local is not None:
            if local.speaker is None and form.kind == "participle":
                return what_verb_said(s) or local  # "وهذا ما أكده X … معلنا أن"
            return local
    return what_verb_said(s) or _according_to(s)


def analyse(sentences: Sequence[Sentence]) -> list[tuple[Prepared, Attribution | None]]:
    """Prepare and attribute every sentence, carrying speakers forward.

    An inherited speaker is written in its fullest earlier form (:func:`fullest_name`:
    "ياسين" after "محمد علي ياسين الرئيس التنفيذي …" is "محمد علي ياسين").

    Returns:
        A list as long as ``sentences`` of ``(prepared, attribution or None)``.
    """
    out: list[tuple[Prepared, Attribution | None]] = []
    last: tuple[str, int, int] | None = None  # speaker text, its sentence, paragraph reached
    named: list[str] = []  # explicit speakers so far, for fullest_name
    for sent in sentences:
        s = Prepared(sent.text)
        local = _attribute_local(s)
        if local is None:
            out.append((s, None))
            continue
        speaker = s.span(*local.speaker) if local.speaker else None
        inherited, source = None, None
        if speaker is not None:
            last = (speaker.of(sent.text), sent.index, sent.paragraph)
            named.append(last[0])
        elif local.bare and last and sent.paragraph - last[2] <= _INHERIT_MAX_PARAGRAPHS:
            inherited, source = fullest_name(last[0], named), last[1]
            last = (last[0], last[1], sent.paragraph)
        content = s.span(*local.content) if local.content else None
        name = speaker.of(sent.text) if speaker else inherited
        attr = Attribution(
            sent.index, s.span(*local.verb), speaker, content, inherited, source, name
        )
        out.append((s, attr))
    return out


def attribute(sentences: Sequence[Sentence]) -> list[Attribution | None]:
    """Find who said what in each sentence.

    Args:
        sentences: an article's sentences in order; ``Sentence.paragraph`` limits
            speaker inheritance to the same or the previous paragraph.

    Returns:
        A list as long as ``sentences``: an :class:`Attribution` for a sentence with
        a reporting verb or an "according to" marker, else None.
    """
    return [attr for _, attr in analyse(sentences)]
