"""Lexicon of Arabic reporting verbs and the function words around an attribution.

All entries are in the normalized spelling of :func:`ansum.arabic.normalize.normalize`
(hamza-less alef, ى -> ي, ة -> ه), so "أكدت", "اكدت" and "أكّدت" are one form.

The verbs listed are those that most often precede أن/إن, a colon or a quote with a
definite subject between them in ../shared/data/corpus/ant-2018.jsonl.gz (31,400
articles, the labelled ones left out; script in benchmarks/claims_eval.py's docstring
history: count the first word of "VERB ال… (1-6 words) أن/:/«" at a sentence or
clause start, read the top 250 and keep the reporting and stance verbs).

The verb lexicon is generated: each verb is given as its perfect 3rd-person
masculine singular, its imperfect stem and its active-participle stem, and the
inflected forms come from fixed patterns (Modern Standard Arabic morphology; cf.
Ryding, "A Reference Grammar of Modern Standard Arabic", 2005, ch. 22 and 32):

* perfect: ``P``, ``P+ت`` (feminine), ``P+وا`` (plural);
* imperfect: ``ي+S``, ``ت+S``, ``ي+S+ون``, ``ي+S+ان``, ``ت+S+ان`` (3rd person only:
  "نقول" inside a quote is not an attribution);
* participle (حال, "قائلا", "مضيفة"): ``M+ا``, ``M+ه``, ``M+ين``.

Dual perfects (``P+ا``) are left out: they are rare in news and collide with nouns
("طالبا" = a student).  Forms that are also common nouns or impersonal verbs are
*ambiguous*: they count only when followed by أن/إن, a colon or a quote, or when
they open the sentence with a و/ف prefix (see :mod:`ansum.claims.attribution`).

A sentence ready for matching (normalized text, tokens, quotes) is
:class:`ansum.claims.prepared.Prepared`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

#: perfect, imperfect stem, participle stem ("-" none), ambiguous forms:
#: "-" none, "p" the bare perfect, "i" the imperfect, "a" the participle, "*" all.
_VERBS = """
قال قول قايل -
صرح صرح مصرح -
اكد وكد موكد -
اعلن علن معلن -
اوضح وضح موضح -
اضاف ضيف مضيف p
اشار شير مشير -
طالب طالب مطالب p
شدد شدد مشدد -
اردف ردف مردف -
تابع تابع متابع pi
ذكر ذكر - pi
لفت لفت لافت p
كشف كشف كاشف p
اعتبر عتبر معتبر i
حذر حذر محذر p
نقل نقل ناقل pi
افاد فيد مفيد a
بين بين مبين p
وصف صف واصف p
اعرب عرب معرب -
زعم زعم زاعم p
اعترف عترف معترف -
نوه نوه منوه -
اجاب جيب مجيب -
تسايل تسايل متسايل -
استطرد ستطرد مستطرد -
اقر قر - *
توقع توقع متوقع *
ابلغ بلغ مبلغ ia
اورد ورد - -
ناشد ناشد مناشد -
اشاد شيد مشيد -
لاحظ لاحظ - -
ابرز برز مبرز pi
ندد ندد مندد -
استنكر ستنكر مستنكر -
اظهر ظهر مظهر ia
كتب كتب كاتب pa
اتهم تهم متهم a
خلص خلص - p
اعتقد عتقد معتقد i
امل امل - p
نص نص - p
توصل توصل - -
تحدث تحدث - -
تعهد تعهد - p
علق علق معلق pa
جدد جدد - p
رفض رفض رافض p
هدد هدد مهدد -
انتقد نتقد منتقد -
اقترح قترح مقترح a
تطرق تطرق - -
اختتم ختتم مختتم -
نبه نبه منبه -
غرد غرد مغرد -
اصر صر - -
رجح رجح مرجح -
توعد توعد متوعد -
ادان دين - i
اتفق تفق - -
"""

#: Irregular (weak-final) verbs, listed whole: form -> (lemma, kind, ambiguous).
#: Weak-final verbs, listed whole: lemma, ambiguous ("*" all forms, "-" none), then
#: perfect forms | imperfect forms | participles.
_IRREGULAR = """
نفي - نفي نفت نفوا | ينفي تنفي ينفون | نافيا
دعا - دعا دعت دعوا | يدعو تدعو يدعون | داعيا
راي * راي رات راوا | يري تري يرون |
خشي - خشي خشيت خشوا | يخشي تخشي يخشون |
ابدي - ابدي ابدت ابدوا | يبدي تبدي يبدون | مبديا
اوصي - اوصي اوصت اوصوا | يوصي توصي يوصون | موصيا
نادي - نادت نادوا | ينادي تنادي ينادون | مناديا
ادعي * ادعي ادعت ادعوا | يدعي تدعي يدعون | مدعيا
رد * رد ردت ردوا | يرد ترد يردون |
"""

#: Generated forms that mostly mean something else: "تبين" (it turned out), "يعتبر"
#: (is considered), "يبلغ" (amounts to), "تابعه" (a follower) …
_BLOCKED = {"تبين", "يعتبر", "تعتبر", "يبلغ", "تبلغ", "تابعه", "يذكر"}


@dataclass(frozen=True)
class VerbForm:
    """One inflected reporting-verb form.

    Attributes:
        lemma: the perfect 3rd-person masculine singular, normalized (e.g. "اكد").
        kind: "past", "present" or "participle".
        ambiguous: True when the form is also a common noun/impersonal verb and
            needs a complementizer, a colon or a quote to count.
    """

    lemma: str
    kind: str
    ambiguous: bool


def _build() -> dict[str, VerbForm]:
    out: dict[str, VerbForm] = {}
    for line in _VERBS.split("\n"):
        if not line.strip():
            continue
        past, stem, part, amb = line.split()
        forms = [(past, "past", "p" in amb or "*" in amb)]
        forms += [(past + suffix, "past", "*" in amb) for suffix in ("ت", "وا")]
        present = ("ي" + stem, "ت" + stem, "ي" + stem + "ون", "ي" + stem + "ان", "ت" + stem + "ان")
        forms += [(f, "present", "i" in amb or "*" in amb) for f in present]
        if part != "-":
            forms.append((part + "ا", "participle", "a" in amb or "*" in amb))
            forms.append((part + "ه", "participle", True))  # feminine: also an adjective
            forms.append((part + "ين", "participle", "a" in amb or "*" in amb))
        for form, kind, ambiguous in forms:
            if form not in _BLOCKED:
                out.setdefault(form, VerbForm(past, kind, ambiguous))
    for line in _IRREGULAR.strip().splitlines():
        lemma, amb, rest = line.split(maxsplit=2)
        for kind, group in zip(("past", "present", "participle"), rest.split("|"), strict=True):
            for form in group.split():
                out[form] = VerbForm(lemma, kind, amb == "*")
    return out


@lru_cache(maxsize=1)
def _lexicon() -> dict[str, VerbForm]:
    return _build()


def verb_form(token: str) -> tuple[VerbForm, int] | None:
    """Look up a normalized token as a reporting verb, with an optional prefix.

    Accepted prefixes: و and ف (any form), ل and ول (imperfect: "ليؤكد").

    Returns:
        ``(form, prefix_length)`` in characters of ``token``, or None when the token
        is not a reporting verb.
    """
    lexicon = _lexicon()
    for prefix in ("", "و", "ف", "ل", "ول"):
        if not token.startswith(prefix):
            continue
        form = lexicon.get(token[len(prefix) :])
        if form is not None and (prefix in ("", "و", "ف") or form.kind == "present"):
            return form, len(prefix)
    return None


#: Tokens that introduce the reported clause: أن/إن/بأن/فإن with attached pronouns.
_PRONOUNS = ("", "ه", "ها", "هم", "هما", "هن", "نا", "ني", "ي", "ك", "كم")
COMPLEMENTIZERS = frozenset(p + "ان" + s for p in ("", "ب", "ف", "و") for s in _PRONOUNS)

#: Words that may precede a sentence-initial verb without being its subject.
LEADING_PARTICLES = frozenset(
    "هذا وهذا و ف كان كانت وكان وكانت فكان قد وقد فقد لقد كما وكما ثم من ومن جهته جهتها جهتهم "
    "جانبه جانبها بدوره بدورها وبدوره وبدورها فيما وفيما بينما وبينما حيث وحيث ايضا كذلك "
    "المقابل وفي في حين لكن ولكن اما واما لم ولم لن ولن لا ولا "
    # particles carrying the subject pronoun ("لكنه قال": the speaker is the one before)
    "لكنه لكنها لكنهم ولكنه ولكنها ولكنهم".split()
)
#: Multi-word openers that may precede a sentence-initial verb ("إلى ذلك كشف الوزير …").
LEADING_PHRASES = tuple(
    tuple(p.split())
    for p in "الي ذلك|الي جانب ذلك|من جهه اخري|من ناحيه اخري|في غضون ذلك|في سياق متصل|"
    "في السياق ذاته|في هذا السياق|في هذا الصدد|في هذا الاطار|علي صعيد اخر|علي صعيد متصل|"
    "في الوقت نفسه|في الاثناء|الا انه|الا انها|غير انه|غير انها|بيد انه|بيد انها|"
    "الا ان|غير ان|بيد ان".split("|")
)

#: Tokens that end a speaker noun phrase: time expressions, prepositions that open the
#: setting or the audience ("في تصريح", "للصحفيين", "عبر حسابه"), and adverbials.
SPEAKER_STOPS = frozenset(
    # time
    "اليوم امس غدا الليله يوم مساء صباح ظهر الاحد الاثنين الثلاثاء الاربعاء الخميس الجمعه السبت "
    "مؤخرا موخرا سابقا لاحقا حاليا مجددا الاسبوع الشهر حينها حينه انذاك اناذاك وقتها يومها "
    # setting, audience, manner
    "في خلال عبر علي امام عن من مع الي لدي حول اثناء بعد قبل عقب ردا تعليقا تعقيبا وفقا بحسب حسب "
    "ايضا كذلك بدوره بدورها له لها لهم لهما لنا لي لكم به بها "
    # conjunctions, relatives and demonstratives that open another clause or an object
    "فيما بينما حيث كما لكن ولكن ثم حين عندما بعدما اذ لان ما الذي التي الذين "
    "ذلك تلك ذاك بالقول قايلا جاء جاءت ل ب هو هي هم وهو وهي وهم كان كانت "
    # indefinite verbal nouns that open the object of a verb with no أن after it
    # ("نفت الشركة وجود خطة", "أكد الوزير ضرورة …", "أعلن النادي رحيل …")
    "وجود صحه ضروره اهميه رحيل استعداد رفض تمسك التزام حرص عزم اطلاق بدء انطلاق "
    "تعيين مقتل اعتقال فوز ارتفاع انخفاض تراجع زياده استمرار انتهاء حق".split()
)
#: Stops that stay inside a speaker after certain words (compared without ال):
#: "السفير لدى الأمم المتحدة", "المسؤولون عن التنظيم", "عدد من المسؤولين",
#: "بيان صادر عن مكتب ماي".
KEPT_STOPS = {
    "لدي": frozenset("سفير سفيره مندوب مندوبه ممثل ممثله مبعوث مبعوثه قايم".split()),
    "عن": frozenset("مسوول مسووله مسوولون مسوولين مسوولو مسوولي صادر صادره صدر".split()),
    "من": frozenset(
        "عدد بعض احد احدي عشرات مئات الاف كثير عديد جمله غالبيه معظم اغلب مصدر مصادر مسوول "
        "مسوولون مسوولين مسوولو مسوولا اقارب".split()
    ),
    # "مسؤول بارز في حركة التغيير", "مسؤولون في التحالف", "مصدر في الوزارة"
    "في": frozenset(
        "مسوول مسووله مسوولا مسوولون مسوولين مسوولو مسوولي مصدر مصادر متحدث متحدثه "
        "ناطق ناطقه عضو اعضاء".split()
    ),
}
#: Verbs whose reported content is a ب phrase ("طالب X بتقديم …", "أشاد بتعاون …"),
#: and whether an object sits between the subject and it (طالب الوزير الحكومة بـ).
BI_VERBS = {"طالب": True, "ناشد": True, "اشاد": False, "ندد": False}
#: Prepositions with a pronoun ("قالت لها", "يقول فيها تقي الدين إنه"): skipped before a
#: speaker, never part of one.
PRONOUN_PPS = frozenset(
    p + s
    for p in ("ل", "ب", "في", "عن", "من", "علي", "الي", "معه", "امام")
    for s in ("ه", "ها", "هم", "هما", "نا", "ي", "كم")
) | {"معها", "معهم"}
#: Relative pronouns: an imperfect verb right after one is a relative clause
#: ("المعلومات التي تشير إلى"), not an attribution.
RELATIVES = frozenset("الذي التي الذين اللذين اللتين اللذان اللتان اللواتي اللاتي".split())
#: First words of a setting phrase ("، في وقت سابق،", "، خلال مؤتمر صحفي،") that is skipped
#: between a speaker and the reported content when there is no أن/إن.
SETTING_WORDS = frozenset(
    "في خلال عبر امام لدي اثناء عقب بعد قبل ردا تعليقا تعقيبا اليوم امس مساء صباح يوم".split()
)
#: Nouns after "في" that open a setting ("في تصريح", "في بيان", "في الوقت الذي"), not a
#: place inside a title ("رئيس هيئة السياحة في قطر").  Compared without ال.
SETTING_NOUNS = frozenset(
    "تصريح تصريحات تصريحه تصريحها بيان بيانه بيانها مؤتمر حديث حديثه حديثها مقابله لقاء "
    "اتصال رساله تغريده منشور وقت ختام اجتماع جلسه ندوه تقرير حوار خطاب اعلان كلمه كلمته "
    "السابق المقابل حين نفس اطار سياق".split()
)
#: Prefixes of audience words ("للصحفيين", "لوكالة", "لقناة"): a token starting with one
#: ends a speaker.  Not the bare "لل": "المدير التنفيذي للشركة" is part of a title.
AUDIENCE_PREFIXES = (
    "للصحف",
    "للصحاف",
    "للتلفزيون",
    "للاعلام",
    "للوكال",
    "للاذاع",
    "للقنا",
    "لوكال",
    "لقنا",
    "لصحيف",
    "لصحف",
    "لصحاف",
    "لعدد",
    "لموقع",
    "لاذاع",
    "لشبك",
    "لمراسل",
    "لجريد",
    "لمجل",
    "لوسايل",
    "لتلفزيون",
)

#: بال words that are not the content of طالب/ناشد/أشاد (titles, "بالقول").
NOT_BI = frozenset("بالقول بالاعمال بالوكاله بالنيابه".split())
#: Frequent verbal nouns after ب that start otherwise ("طالب بوقف الحرب").
BI_NOUNS = frozenset(
    "بوقف بضروره بعدم برفع بسحب بفتح بمنع بمحاسبه باجراء باعاده بانهاء بضبط بحمايه بايجاد "
    "باتخاذ باطلاق بانشاء بالغاء بمراجعه بمعاقبه بدعم بزياده بخفض".split()
)
#: "According to" markers: ``بحسب الوزارة``, ``وفقا لـ``, ``نقلا عن``.
ACCORDING_TO = frozenset("بحسب وبحسب حسب وحسب وفقا ووفقا طبقا نقلا ونقلا وفق ووفق".split())
#: "As" markers before a reporting verb ("…، حسبما تقول تقارير"): the verb's subject
#: may be indefinite and the content is the text before the marker.
AS_MARKERS = frozenset("حسبما وحسبما".split())
#: Pronoun objects after "حسب" that mean "according to him/her" (speaker inherited).
ACCORDING_PRONOUNS = frozenset("قوله قولها تعبيره تعبيرها قولهم تعبيرهم".split())


#: Nouns that begin with و (so a و there is not the conjunction): "وزير", "وكالة" …
_WAW_NOUNS = ("وزير", "وزار", "وكال", "وسايل", "وفد", "ولي", "والي", "وكيل", "واشنطن", "وحد")


def starts_with_conjunction(token: str) -> bool:
    """Does the normalized ``token`` start with the conjunction و before a non-article
    word ("ونشرت", "وأعلن")?  Such a word opening a sentence is almost always a verb."""
    return token[:1] == "و" and len(token) > 3 and not token.startswith(("وال",) + _WAW_NOUNS)


#: Title words that start with بال: "القائم بالأعمال", "رئيس الوزراء بالوكالة".
_BA_TITLES = {"بالاعمال", "بالوكاله", "بالنيابه"}


def kept_stop(before: list[str], token: str) -> bool:
    """Does the stop ``token`` stay in a speaker after the words ``before``?

    True when one of the last two words (without و/ال) is listed for it in
    :data:`KEPT_STOPS` ("السفير الروسي لدى", "عدد كبير من"); a بال word counts as في
    ("مسؤولا بالتحالف").
    """
    keep = KEPT_STOPS.get("في" if token.startswith("بال") else token)  # "مسؤولا بالتحالف"
    return keep is not None and any(
        w.removeprefix("و").removeprefix("ال") in keep for w in before[-2:]
    )


def is_speaker_stop(token: str) -> bool:
    """Is the normalized ``token`` one that ends a speaker noun phrase?"""
    if token[:1] in ("و", "ف") and len(token) >= 3 and token != "والي":  # والي: a governor
        token_bare = token[1:]
        if token_bare in SPEAKER_STOPS or token_bare in PRONOUN_PPS:
            return True
    if token.startswith("بال") and token not in _BA_TITLES:
        return True  # "وأشارت المنظمة بالتقرير": a prepositional phrase
    return (
        token in SPEAKER_STOPS
        or token in COMPLEMENTIZERS
        or token in PRONOUN_PPS
        or token.startswith(AUDIENCE_PREFIXES)
    )
