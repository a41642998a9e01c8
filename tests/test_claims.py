"""Claim detection: reporting verbs, speakers, quotes, figures, scores, real articles."""

from __future__ import annotations

import json

import pytest

from ansum.arabic.segment import segment
from ansum.claims.attribution import attribute
from ansum.claims.detect import DEFAULT_WEIGHTS, detect_claims, score_claim
from ansum.claims.select import key_claims
from ansum.errors import ConfigError
from ansum.schema import Claim, Sentence


def claims_of(body: str) -> list[Claim]:
    return detect_claims(segment(body))


def only(body: str) -> Claim:
    found = claims_of(body)
    assert len(found) == 1, [c.text for c in found]
    return found[0]


def parts(c: Claim) -> tuple[str | None, str | None, str | None]:
    return c.verb_text(), c.speaker_text(), c.content_text()


# --- reporting verbs ---------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence, verb",
    [
        ("قال الوزير إن الوضع مستقر تماما.", "قال"),
        ("وقال الوزير إن الوضع مستقر تماما.", "وقال"),
        ("قالت الوزيرة إن الوضع مستقر تماما.", "قالت"),
        ("قالوا في البيان إن الوضع مستقر تماما.", "قالوا"),
        ("ويقول الوزير إن الوضع مستقر تماما.", "ويقول"),
        ("تقول الوزارة إن الوضع مستقر تماما.", "تقول"),
        ("فأكد الوزير أن الوضع مستقر تماما.", "فأكد"),
        ("اكد الوزير ان الوضع مستقر تماما.", "اكد"),  # hamza-less spelling
        ("وأكّدت الوزارة أنّ الوضع مستقر تماما.", "وأكّدت"),  # shadda
        ("وأضافت الوزيرة أن الوضع مستقر تماما.", "وأضافت"),
        ("صرح الوزير بأن الوضع مستقر تماما.", "صرح"),
        ("أوضح الوزير أن الوضع مستقر تماما.", "أوضح"),
        ("وأشار الوزير إلى أن الوضع مستقر تماما.", "وأشار"),
        ("ونفى الوزير أن يكون الوضع متوترا في البلاد.", "ونفى"),
        ("وطالب الوزير بأن تتوقف الحرب فورا.", "وطالب"),
        ("وشدد الوزير على أن الوضع مستقر تماما.", "وشدد"),
        ("وأردف الوزير: الوضع مستقر تماما في البلاد.", "وأردف"),
        ("وأعلن الجيش أن الوضع مستقر تماما.", "وأعلن"),
        ("ويؤكد الخبراء أن الوضع مستقر تماما.", "ويؤكد"),
        ("وبين الوزير أن الوضع مستقر تماما.", "وبين"),
        ("وحذر الوزير من أن الوضع قد يتدهور سريعا.", "وحذر"),
    ],
)
def test_verb_forms(sentence, verb):
    c = only(sentence)
    assert "attributed" in c.kinds
    assert c.verb_text() == verb
    assert c.content_text() is not None and c.content_text().startswith(("الوضع", "يكون", "تتوقف"))


@pytest.mark.parametrize(
    "sentence, verb",
    [
        ("وافتتح الوزير المعرض أمس، مضيفا أن الوضع مستقر تماما.", "مضيفا"),
        ("وزارت الوزيرة المستشفى أمس، موضحة أن الوضع مستقر تماما.", "موضحة"),
        ("واجتمع الوزير بالسفراء أمس، مؤكدا أن الوضع مستقر تماما.", "مؤكدا"),
        ("وغادر الوزير القاعة أمس قائلا: الوضع مستقر تماما.", "قائلا"),
    ],
)
def test_participles_attribute_without_taking_the_object_as_speaker(sentence, verb):
    c = only(sentence)
    assert c.verb_text() == verb
    # the subject of the opening verb says it (or none is read: "وزارت" may be a noun);
    # its object (المعرض، المستشفى، القاعة) is never the speaker
    assert c.speaker_text() in ("الوزير", "الوزيرة", None)
    if sentence.startswith(("وافتتح", "واجتمع", "وغادر")):
        assert c.speaker_text() == "الوزير"
    assert c.content_text() == "الوضع مستقر تماما"


@pytest.mark.parametrize(
    "sentence",
    [
        "استخدم العامل قالب الحلوى الجديد في المصنع.",  # قالب is not قال
        "تتواصل المفاوضات بين روسيا والولايات المتحدة في جنيف.",  # بين = between
        "حصل طالب في الجامعة على منحة دراسية كاملة.",  # طالب = a student
        "ذهب الأطفال إلى المدرسة صباحا مع أمهاتهم.",
    ],
)
def test_not_claims(sentence):
    assert claims_of(sentence) == []


def test_never_a_claim_without_arabic_or_with_few_tokens():
    assert claims_of('Peskov said: "the call is at 23:30 on 30 December 2021".') == []
    assert claims_of("قال إنه 2021.") == []  # 3 tokens


# --- speakers ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence, speaker",
    [
        ("وقال بيسكوف للصحفيين، إن الاتصال طبيعي تماما.", "بيسكوف"),
        (
            "صرح المتحدث الرسمي باسم الرئاسة الروسية، ديمتري بيسكوف، اليوم الخميس، "
            "أن المحادثة مقررة.",
            "المتحدث الرسمي باسم الرئاسة الروسية، ديمتري بيسكوف",
        ),
        (
            "وأكدت المتحدثة الرسمية باسم وزارة الخارجية الروسية ماريا زاخاروفا، اليوم الخميس، "
            "أن المفاوضات تعقد في جنيف.",
            "المتحدثة الرسمية باسم وزارة الخارجية الروسية ماريا زاخاروفا",
        ),
        ("وقال وزير الخارجية في تصريح لوكالة الأنباء إن الزيارة ناجحة.", "وزير الخارجية"),
        (
            "وأعلن حلف الناتو والولايات المتحدة في بيان أنه سيتم عقد مفاوضات.",
            "حلف الناتو والولايات المتحدة",
        ),
        ("وقال المدير التنفيذي للشركة إن الأرباح ارتفعت.", "المدير التنفيذي للشركة"),
        (
            "الرئيس الروسي فلاديمير بوتين، شدد في برقية على أهمية التعاون.",
            "الرئيس الروسي فلاديمير بوتين",
        ),
        ("وكان البيت الأبيض أعلن، في وقت سابق، أن الرئيسين يخططان لاتصال.", "البيت الأبيض"),
        (
            "وكان نائب وزير الخارجية الروسي سيرغي ريابكوف، أعلن، في وقت سابق، "
            "أنه يتعين وقف التوسع.",
            "نائب وزير الخارجية الروسي سيرغي ريابكوف",
        ),
        ("وقال علي حسن إن الوضع مستقر تماما.", "علي حسن"),  # the name علي, not على
    ],
)
def test_speakers_in_both_word_orders(sentence, speaker):
    c = only(sentence)
    assert c.speaker_text() == speaker


def test_speaker_stops_at_time_and_audience_and_content_skips_them():
    c = only("وقال بيسكوف للصحفيين، إن الاتصال الهاتفي المرتقب طبيعي تماما.")
    assert parts(c) == ("وقال", "بيسكوف", "الاتصال الهاتفي المرتقب طبيعي تماما")


def test_bare_verb_inherits_the_previous_speaker_in_the_same_paragraph():
    body = (
        "وكان نائب وزير الخارجية سيرغي ريابكوف، أعلن أنه يتعين وقف التوسع. "
        'وأكد "نقول بكل حزم أننا نطالب بالتخلي عن قرار قمة بوخارست لعام 2008".'
    )
    sents = segment(body)
    attrs = attribute(sents)
    assert attrs[1] is not None and attrs[1].speaker is None
    assert attrs[1].inherited_speaker == "نائب وزير الخارجية سيرغي ريابكوف"
    assert attrs[1].inherited_from == 0
    assert attrs[1].speaker_name == attrs[1].inherited_speaker
    second = detect_claims(sents)[1]
    assert second.kinds == ("attributed", "quote", "figure")
    assert second.content_text().startswith("نقول بكل حزم")


def test_no_inheritance_across_two_paragraph_breaks_or_with_an_explicit_subject():
    body = "\n\n".join(
        [
            "وقال الوزير إن الوضع مستقر.",
            "وذهب الناس إلى العمل.",
            "رحلة طويلة.",
            "وأضاف أن الأسواق مفتوحة.",
        ]
    )
    attrs = attribute(segment(body))
    assert attrs[-1] is not None and attrs[-1].inherited_speaker is None
    attrs = attribute(segment("وقال الوزير إن الوضع مستقر. وأضاف المدير أن الأسواق مفتوحة."))
    assert attrs[1].inherited_speaker is None
    assert attrs[1].speaker_name == "المدير"


def test_according_to():
    c = only("وبحسب وزارة الصحة، فإن عدد الإصابات ارتفع بشكل كبير.")
    assert parts(c) == ("وبحسب", "وزارة الصحة", "عدد الإصابات ارتفع بشكل كبير")
    c = only("ارتفع عدد الإصابات بشكل كبير، وفقا لوكالة رويترز.")
    assert c.speaker_text() == "وكالة رويترز"
    assert c.content_text() == "ارتفع عدد الإصابات بشكل كبير"
    assert claims_of("وتتيح التقنيات الجديدة التصميم السريع وفقا لمتطلبات الزبائن.") == []


# --- quotes and figures ----------------------------------------------------------------


@pytest.mark.parametrize("opener, closer", [("«", "»"), ("“", "”"), ('"', '"')])
def test_quotes_of_each_kind(opener, closer):
    c = only(f"وأضاف الوزير {opener}الوضع مستقر تماما في كل المدن{closer}.")
    assert c.kinds == ("attributed", "quote")
    assert [q.of(c.text) for q in c.quotes] == ["الوضع مستقر تماما في كل المدن"]
    assert c.content_text() == "الوضع مستقر تماما في كل المدن"
    assert c.speaker_text() == "الوزير"


def test_unattributed_long_quote_is_a_claim_but_a_quoted_name_is_not():
    c = only('وهذه "الظاهرة امتدت لاحقا إلى ولاية تبسة على نطاق ضيق" بحسب المراقبين.')
    assert "quote" in c.kinds
    assert claims_of('نظمت جمعية "بيت الإعلاميين العرب" وقفة احتجاجية أمام القنصلية.') == []


def test_figure_claim():
    c = only("ارتفعت صادرات البلاد بنسبة 15% خلال عام 2021 مقارنة بالعام الماضي.")
    assert c.kinds == ("figure",)
    assert [(f.text, f.kind) for f in c.figures] == [("15%", "percent"), ("2021", "year")]
    assert c.speaker is None and c.verb is None


# --- scores and top k ------------------------------------------------------------------


def test_scores_reward_attribution_quotes_figures_position_and_length():
    base = dict(attributed=True, quote=True, figures=(), speaker=1.0, index=0, n_tokens=20)
    top = score_claim(**base)
    assert 0.0 <= top <= 1.0
    assert score_claim(**base | {"attributed": False}) < top
    assert score_claim(**base | {"quote": False}) < top
    assert score_claim(**base | {"speaker": 0.5}) < top
    assert score_claim(**base | {"index": 10}) < score_claim(**base | {"index": 2}) < top
    assert score_claim(**base | {"n_tokens": 4}) < top
    with_fig = only("ارتفعت صادرات البلاد بنسبة 15% خلال الأشهر الأخيرة مقارنة بالعام الماضي.")
    without = score_claim(**base | {"attributed": False, "quote": False, "speaker": 0.0})
    assert with_fig.score > without
    assert sum(DEFAULT_WEIGHTS.values()) == pytest.approx(1.0)


def test_key_claims_top_k_in_article_order():
    body = " ".join(
        [
            "ذهب الناس إلى العمل في الصباح الباكر.",
            "ارتفعت الأسعار بنسبة 5% هذا الشهر في المدينة.",
            "وقال الوزير للصحفيين إن الحكومة ستخفض الضرائب بنسبة 10% العام المقبل.",
            "وأضافت الوزيرة «سنبني 200 مدرسة جديدة في كل المحافظات قبل نهاية العام».",
            "وصل عدد الزوار إلى 300 زائر.",
        ]
    )
    sents = segment(body)
    top = key_claims(sents, k=2)
    assert [c.sentence_index for c in top] == [2, 3]
    assert [c.sentence_index for c in key_claims(sents, k=10)] == [1, 2, 3, 4]
    assert key_claims(sents, k=0) == []
    by_position = key_claims(
        sents, k=2, weights={k: 0.0 for k in DEFAULT_WEIGHTS} | {"position": 1}
    )
    assert [c.sentence_index for c in by_position] == [1, 2]


@pytest.mark.parametrize(
    "weights",
    [{"novelty": 1.0}, {"quote": -1.0}, {"quote": "high"}, dict.fromkeys(DEFAULT_WEIGHTS, 0)],
)
def test_bad_weights_raise_config_error_with_hint(weights):
    with pytest.raises(ConfigError) as err:
        key_claims(segment("وقال الوزير إن الوضع مستقر تماما."), weights=weights)
    assert err.value.hint


# --- real articles ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def kremlin(kremlin_path) -> list[Sentence]:
    lines = kremlin_path.read_text(encoding="utf-8").split("\n")
    kept = [ln for ln in lines[2:] if ln.strip() not in ("(تستمر)", "أفكارك وتعليقاتك")]
    return segment("\n".join(kept))


def _speakers(sents: list[Sentence]) -> dict[int, str]:
    """Sentence index -> speaker text (explicit or inherited)."""
    return {a.sentence_index: a.speaker_name or "" for a in attribute(sents) if a}


def test_kremlin_claims(kremlin):
    claims = detect_claims(kremlin)
    who = _speakers(kremlin)
    peskov = [c for c in claims if "بيسكوف" in who.get(c.sentence_index, "")]
    assert any(f.value == "23:30" for c in peskov for f in c.figures)
    zakharova = [c for c in claims if "زاخاروفا" in who.get(c.sentence_index, "")]
    assert len(zakharova) == 1
    z = zakharova[0]
    assert "10 كانون الثاني/يناير" in [f.text for f in z.figures]
    assert "جنيف" in z.content_text()
    assert z.speaker_text() == "المتحدثة الرسمية باسم وزارة الخارجية الروسية ماريا زاخاروفا"
    ryabkov = [c for c in claims if "ريابكوف" in who.get(c.sentence_index, "")]
    assert any(f.value == "2008" for c in ryabkov for f in c.figures)
    inherited = next(c for c in ryabkov if any(f.value == "2008" for f in c.figures))
    assert inherited.speaker is None and inherited.verb_text() == "وأكد"


def test_kremlin_top5_covers_peskov_zakharova_and_ryabkov(kremlin):
    top = key_claims(kremlin, k=5)
    assert len(top) == 5
    assert [c.sentence_index for c in top] == sorted(c.sentence_index for c in top)
    who = _speakers(kremlin)
    speakers = " ".join(who.get(c.sentence_index, "") for c in top)
    for name in ("بيسكوف", "زاخاروفا", "ريابكوف"):
        assert name in speakers


def test_all_corpus_articles(shared_data):
    paths = sorted((shared_data / "articles").glob("*.jsonl"))
    articles = [
        json.loads(line) for p in paths for line in p.read_text(encoding="utf-8").splitlines()
    ]
    assert len(articles) == 210
    with_claims = 0
    for art in articles:
        claims = detect_claims(segment(art["text"]))
        with_claims += bool(claims)
        for c in claims:
            assert 0.0 <= c.score <= 1.0
            spans = [c.speaker, c.verb, c.content, *c.quotes, *(f.span for f in c.figures)]
            for span in filter(None, spans):
                assert 0 <= span.start < span.end <= len(c.text), (art["id"], c.text, span)
            for f in c.figures:
                assert c.text[f.span.start : f.span.end] == f.text
    assert with_claims >= 200


def test_indefinite_verbal_noun_opens_the_object_not_the_speaker():
    from ansum.arabic.segment import segment
    from ansum.claims.detect import detect_claims

    cases = {
        "في المقابل، نفت شركة الكهرباء الوطنية وجود خطة لقطع التيار.": "شركة الكهرباء الوطنية",
        "وأعلن الاتحاد الوطني للسينمائيين رحيل المخرج ويدراوغو.": "الاتحاد الوطني للسينمائيين",
        "وأكدت خبيرة فنية بارزة أن المعرض ناجح.": "خبيرة فنية بارزة",
    }
    for sentence, speaker in cases.items():
        (claim,) = detect_claims(segment(sentence))
        assert claim.speaker_text() == speaker


def test_title_only_speaker_counts_as_the_earlier_named_person():
    from ansum.arabic.segment import segment
    from ansum.claims.select import key_claims

    body = (
        "وقال وزير النقل سامر الحديدي إن التوسعة ستكتمل في عام 2027 بكلفة 450 مليون دولار.\n"
        "وأكد الوزير أن المشروع سيرفع الطاقة الاستيعابية بنسبة 40% خلال عامين.\n"
        "وقالت مديرة الموانئ ليلى العمري إن الميناء استقبل 1.2 مليون حاوية العام الماضي."
    )
    picked = key_claims(segment(body), 2)
    assert [c.sentence_index for c in picked] == [0, 2]
