"""Attribution constructions of issue 10, each on real sentences of ../shared/data
(articles/*.jsonl; the ids are given; none is in the test split of claims_labels_v2.json),
and the figure units they brought: fronted subjects, a relative clause between subject
and verb, "مسؤول في …", "ما أكده X", "بحسب ما نشرته X", قائلا after the subject, a name
with its title, a participle's subject, a subject after the colon, time words before
the subject, inherited speakers in their fullest form, and sentence ends at '."'."""

from __future__ import annotations

import pytest

from ansum.arabic.segment import segment
from ansum.claims.attribution import analyse
from ansum.claims.figure_units import label_value
from ansum.claims.figures import extract_figures
from ansum.schema import Sentence


def speakers(*texts: str, paragraphs: tuple[int, ...] | None = None) -> list[str | None]:
    """The speaker (explicit or inherited) of each sentence, analysed as one article."""
    paras = paragraphs or tuple(range(len(texts)))
    pairs = enumerate(zip(texts, paras, strict=True))
    sents = [Sentence(k, t, 0, len(t), p) for k, (t, p) in pairs]
    return [a.speaker_name if a else None for _, a in analyse(sents)]


@pytest.mark.parametrize(
    "sentence, speaker",
    [
        # FR-internationalNews-464-20180316: a fronted subject after لكن; its verb's object
        # ("خوض السعودية مفاوضات") is not the speaker
        ("لكن مسؤولا بالتحالف نفى خوض السعودية مفاوضات مع الحوثيين وأكد مجددا الدعم لجهود "
         "حل الأزمة بقيادة الأمم المتحدة والتي تهدف للتوصل إلى حل سياسي.", "مسؤولا بالتحالف"),
        # AL-economy-438-20180414: وكانت + subject + comma + verb
        ('وكانت وكالة #ستاندرد_آند_بورز للتقييم المالي، أكدت تصنيف #السعودية عند "a-/a-2" مع '
         "نظرة مستقبلية مستقرة", "وكالة #ستاندرد_آند_بورز للتقييم المالي"),
        # JA-internationalNews-1128-20170408: a relative clause between subject and verb
        ("وكان وزير الداخلية الجزائري نورالدين بدوي، الذي تشرف وزارته على الجانب الإداري "
         'والتنظيمي للانتخابات، قد صرّح مؤخرا بأن الانتخابات تشكل "محطة هامة"',
         "وزير الداخلية الجزائري نورالدين بدوي"),
        # FR-internationalNews-464-20180316: an official "in" an organisation
        ("نفى مسؤولون في التحالف الذي تقوده الرياض أنباء عن عقد محادثات سرية بين السعودية "
         "وجماعة الحوثيين اليمنية في عمان.", "مسؤولون في التحالف"),
        # FR-internationalNews-566-20180406: "وهذا ما أكده X", time words before X
        ("وهذا ما أكده الجمعة وزير الخارجية الفرنسي جان إيف لودريان الجمعة معلنا أن بلاده "
         "ستمنح 550 مليون يورو من القروض", "وزير الخارجية الفرنسي جان إيف لودريان"),
        # FR-internationalNews-2711-20180814: "بحسب ما نشرته X" (a verb outside the lexicon)
        ("بحسب ما نشرته جريدة الشروق الجزائرية.", "جريدة الشروق الجزائرية"),
        # saudinewsnet-2015-07-23-0925: قائلا after the subject keeps إن for the first verb
        ("واستطرد بوميدوحة قائلاً إن إيران في الطريق لتسجيل تنفيذ حكم الإعدام ضد أكثر من ألف "
         "شخص في عام 2015.", "بوميدوحة"),
        # BB-internationalNews-1177-20181010: a name and its title between commas, no أن
        ("وأعرب دانيل ماك آرثر، المدير العام لمخبز أشرز، عن سعادته بالقرار.",
         "دانيل ماك آرثر، المدير العام لمخبز أشرز"),
        # BB-culture-128-20180424: a participle takes the subject of the opening verb
        ("ورفض القاضي في محكمة نيويورك الدعوى التي رفعتها مادونا على دارلين لوتس، قائلا إن "
         "آجال استعادة مادونا لمتعلقاتها انقضت.", "القاضي"),
        # BB-internationalNews-803-20180713: وصف's object after a lone name
        ('ووصف ترامب العلاقات الأمريكية البريطانية بأنها "لا غنى عنها"، وأنها في أفضل صورها '
         'و"لم تكن بمثل هذه القوة التي عليها الآن".', "ترامب"),
        # saudinewsnet-2015-07-23-0467: the subject after the audience and a colon
        ("وقال لـ»المدينة»: خلدون بركات رئيس لجنة التأمين في غرفة جدة، إن آليات تطبيق "
         "المشروع لازالت قيد الدراسة، بين مؤسسة النقد وشركات التأمين، ومجلس الضمان الصحي.",
         "خلدون بركات رئيس لجنة التأمين في غرفة جدة"),
    ],
)
def test_speaker_constructions_on_corpus_sentences(sentence, speaker):
    assert speakers(sentence) == [speaker]


def test_a_continuing_verb_inherits_the_fullest_name():
    # AL-economy-858-20180619, sentences 2-4 (one paragraph each)
    got = speakers(
        "وقال محمد علي ياسين الرئيس التنفيذي لشركة #أبوظبي_الأول للأوراق المالية، إن "
        "#العربية_للطيران كانت تتحدث عن استثمارات في شركة ذات علاقة.",
        'وأوضح ياسين في مقابلة مع "العربية" أن المتداولين يترقبون إيضاحا من "العربية للطيران".',
        'وأشار إلى ضغوط يتعرض لها سهم "العربية للطيران" بسبب غياب المعلومات وقلق المتداولين.',
    )
    assert got[1] == "ياسين"  # the span as written
    assert got[2] == "محمد علي ياسين"  # inherited, in the fullest earlier form


def test_a_period_before_a_closing_quote_ends_the_sentence():
    # JA-internationalNews-561-20170318 (one paragraph): two statements, two sentences
    text = ('وقال المتحدث للصحفيين في نيويورك الجمعة "هذا ليس بسبب المحتوى وإنما بسبب العملية '
            'نفسها." وأضاف للصحفيين "لا يمكن أن يقبل الأمين العام أن يقوم مساعد للأمين العام '
            'بنشر شيء تحت اسم الأمم المتحدة."')
    sents = segment(text)
    assert [s.text[:12] for s in sents] == ["وقال المتحدث", "وأضاف للصحفي"]
    assert sents[0].text.endswith('نفسها."')
    assert speakers(*(s.text for s in sents), paragraphs=(0, 0)) == ["المتحدث", "المتحدث"]
    assert len(segment("«الوضع مستقر.» قال الوزير.")) == 1  # an attribution after the quote


@pytest.mark.parametrize(
    "sentence, want",
    [
        # FR-internationalNews-1398-20180523: "من إجمالي 128" counts the same unit
        ("وفاز بري بأصوات 98 نائبا من إجمالي 128 يشكلون أعضاء البرلمان مقابل 29 ورقة بيضاء.",
         [("number", "98", "نايب"), ("number", "128", "نايب"), ("number", "29", "ورقه")]),
        # FR-internationalNews-729-20180414: "71 منها" after "103 صواريخ"
        ('أطلق 103 صواريخ "كروز" على سوريا، لكن أنظمة الدفاع الجوي نجحت في اعتراض 71 منها.',
         [("number", "103", "صاروخ"), ("number", "71", "صاروخ")]),
        # AL-economy-439-20180414: the currency elided after مقابل
        ("تبلغ 541.305 مليار جنيه مقابل 437.908 مليار متوقعة في 2017-2018.",
         [("money", "541305000000", "جنيه"), ("money", "437908000000", "جنيه"),
          ("range", "2017-2018", None)]),
        # AL-economy-438-20180414: both ends of "من 2018 حتى 2020" are years
        ("قويا للفترة من 2018 حتى 2020.", [("year", "2018", None), ("year", "2020", None)]),
    ],
)
def test_elided_units_and_year_pairs(sentence, want):
    assert [(f.kind, label_value(f), f.unit) for f in extract_figures(sentence)] == want
