"""Noise removal that keeps metadata (ansum.input.clean.clean_text)."""

from __future__ import annotations

import json

import pytest

from ansum.input.clean import clean_text, starts_teaser
from ansum.schema import ArticleMeta

KREMLIN_TITLE = "الكرملين: بمبادرة من الرئيس الروسي من المقرر إجراء محادثة هاتفية بين بوتين وبايدن"
P1 = "وقال المتحدث باسم الوزارة إن المحادثات ستستأنف الأسبوع المقبل في جنيف."
P2 = "وأضاف أن الجانبين اتفقا على مواصلة الحوار بشأن الضمانات الأمنية."


def paragraphs(body: str) -> list[str]:
    return body.split("\n\n")


# --- the Kremlin seed article -------------------------------------------------------


@pytest.fixture(scope="module")
def kremlin(kremlin_path):
    raw = kremlin_path.read_text(encoding="utf-8")
    return raw, clean_text(raw)


def test_kremlin_metadata(kremlin):
    _, (body, meta, _) = kremlin
    assert meta.title == KREMLIN_TITLE
    assert meta.source == "سبوتنيك"
    assert meta.date == "30 ديسمبر 2021"
    assert meta.url == "" and meta.language == "und"


def test_kremlin_noise_is_gone(kremlin):
    _, (body, _, removed) = kremlin
    for noise in ("(تستمر)", "أفكارك وتعليقاتك", "بوینت", "سبوتنيك", KREMLIN_TITLE):
        assert noise not in body
    assert body.startswith("صرح المتحدث الرسمي باسم الرئاسة الروسية")
    assert removed == (
        KREMLIN_TITLE,
        KREMLIN_TITLE,
        "( أردو بوینت نتورك ۔ / سبوتنيك - 30 ديسمبر 2021ء)",
        "(تستمر)",
        "أفكارك وتعليقاتك",
    )


def test_kremlin_every_other_paragraph_is_intact(kremlin):
    raw, (body, _, _) = kremlin
    lines = [line.strip() for line in raw.split("\n") if line.strip()]
    dateline_para = lines[2]
    expected = [line for line in lines[3:] if line not in ("(تستمر)", "أفكارك وتعليقاتك")]
    got = paragraphs(body)
    assert got[0] == dateline_para.split("2021ء) ", 1)[1]
    assert got[1:] == expected
    assert len(expected) == 12


# --- hand-made cases ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("opening", "source"),
    [
        ("(رويترز) - ", "رويترز"),
        ("القاهرة (رويترز) - ", "رويترز"),
        ("واشنطن - (أ ف ب) - ", "أ ف ب"),
        ("دبي، الإمارات العربية المتحدة (CNN)-- ", "CNN"),
        ("عمان - الرأي - ", "الرأي"),
        ("سلطان السلمي- سبق- جدة: ", "سبق"),
    ],
)
def test_agency_datelines_are_cut_into_source(opening, source):
    body, meta, removed = clean_text(f"{opening}{P1}\n{P2}")
    assert meta.source == source
    assert paragraphs(body) == [P1, P2]
    assert removed == (opening.strip(),)


def test_dateline_with_date_in_parentheses():
    body, meta, removed = clean_text(f"(موسكو / سبوتنيك - 5 كانون الثاني/يناير 2022) {P1}")
    assert (meta.source, meta.date) == ("سبوتنيك", "5 كانون الثاني/يناير 2022")
    assert body == P1


def test_parentheses_in_an_ordinary_opening_sentence_are_kept():
    for text in (
        "قال الرئيس (ترامب) - في خطاب مطول - إن بلاده لن تتراجع.",
        "أعلنت منظمة الصحة العالمية (WHO) عن خطة جديدة لمكافحة الوباء.",
        "عاقب الاتحاد الدولي لكرة القدم (فيفا) ثلاثة أندية بغرامات مالية.",
        "غزة - قال شهود إن القصف استمر طوال الليل.",
    ):
        body, meta, removed = clean_text(text)
        assert body == text and meta.source == "" and removed == ()


def test_repeated_headline_becomes_title():
    head = "وزير الخارجية يبحث ملف الضمانات الأمنية"
    body, meta, removed = clean_text(f"{head}\n\n  {head}  \n\n{P1}\n\n{P2}")
    assert meta.title == head
    assert paragraphs(body) == [P1, P2]
    assert removed == (head, head)


def test_short_unpunctuated_first_line_before_full_paragraphs_is_the_title():
    head = "محادثات جنيف تستأنف الأسبوع المقبل"
    body, meta, _ = clean_text(f"{head}\n{P1}\n{P2}")
    assert meta.title == head and paragraphs(body) == [P1, P2]


def test_first_sentence_is_not_taken_for_a_title():
    body, meta, removed = clean_text(f"{P1}\n{P2}")
    assert meta == ArticleMeta() and paragraphs(body) == [P1, P2] and removed == ()


@pytest.mark.parametrize("marker", ["(تستمر)", "(يتبع)", "-تتمة-", "- يتبع -", "/انتهى/"])
def test_continuation_markers_are_removed(marker):
    body, _, removed = clean_text(f"{P1}\n\n{marker}\n\n{P2}")
    assert paragraphs(body) == [P1, P2]
    assert removed == (marker,)


@pytest.mark.parametrize(
    "prompt",
    ["أفكارك وتعليقاتك", "أضف تعليقك", "شاركنا رأيك", "إضافة تعليق جديد", "اقرأ أيضا",
     "التعليقات (3)"],
)
def test_comment_prompts_at_the_end_are_removed(prompt):
    body, _, removed = clean_text(f"{P1}\n{P2}\n{prompt}")
    assert paragraphs(body) == [P1, P2]
    assert removed == (prompt,)


def test_related_story_lines_are_removed():
    text = (
        f"{P1}\n"
        "اقرأ أيضاً: روسيا تطرد المزيد من الدبلوماسيين البريطانيين\n"
        f"{P2}\n"
        "مواضيع ذات صلة\n"
        "دميرتاش: المرشح الذي يخوض معركته الانتخابية من خلف القضبان\n"
        "أردوغان يصادق على تعديلات دستورية تمنحه صلاحيات واسعة\n"
        "وقالت الوزارة في بيان لاحق إن الاجتماع سيعقد في موعده.\n"
        "شاهد أيضا: لقطات من موقع الحادث"
    )
    body, _, removed = clean_text(text)
    assert paragraphs(body) == [P1, P2, "وقالت الوزارة في بيان لاحق إن الاجتماع سيعقد في موعده."]
    assert len(removed) == 5
    assert removed[0].startswith("اقرأ أيضاً") and removed[-1].startswith("شاهد أيضا")


def test_content_sentences_with_noise_words_are_kept():
    text = (
        "ورفضت الحكومة التعليق على هذه القضايا الأمنية والعسكرية.\n"
        "وقال إن العمل سيستمر (تستمر الاجتماعات حتى الفجر) في المقر.\n"
        "وأضاف: اقرأ أيضا ما كتبه الخبراء قبل أن تحكم على القرار.\n"
        "التعليقات التي أدلى بها الوزير أثارت جدلا واسعا.\n"
        "أضف تعليقك على هذا القرار إلى سجل الاعتراضات، قال المحامي لموكله.\n"
        "خطة كوبر\n"
        "وتابع المدرب أن الفريق سيلعب بطريقة هجومية."
    )
    body, meta, removed = clean_text(text)
    assert paragraphs(body) == text.split("\n")
    assert removed == () and meta == ArticleMeta()


def test_page_furniture_separators_promos_and_credits():
    text = (
        f"{P1}\n{P2}\n"
        "---------------------------------------\n"
        "يمكنكم تسلم إشعارات بأهم الموضوعات بعد تحميل أحدث نسخة من تطبيق بي بي سي عربي.\n"
        "** جميع المقالات المنشورة تمثل رأي كتابها فقط.\n"
        "فرانس24/ أ ف ب"
    )
    body, meta, removed = clean_text(text)
    assert paragraphs(body) == [P1, P2]
    assert meta.source == "فرانس24/ أ ف ب"
    assert len(removed) == 4


def test_reprint_credit_names_the_source():
    body, meta, removed = clean_text(f"{P1}\n{P2}\n*نقلاً عن الأهرام المصرية")
    assert meta.source == "الأهرام المصرية" and paragraphs(body) == [P1, P2]
    assert removed == ("*نقلاً عن الأهرام المصرية",)


def test_whitespace_is_collapsed_and_paragraphs_joined_by_blank_line():
    body, _, _ = clean_text(f"\n\n   {P1}\t\u00a0\n\n\n\n\n{P2.replace(' ', '   ')}   \n\n")
    assert body == f"{P1}\n\n{P2}"


def test_hard_wrapped_text_is_rejoined():
    sentence = ("كان تقرير لهيئة حكومية قطرية لحقوق الانسان نشر الثلاثاء قد اشار الى تجاوزات في "
                "ملف حقوق الانسان بينها حالات تتعلق بسحب الجنسية ومنع من السفر.")
    wrapped, line = [], ""
    for word in (sentence + " " + sentence).split():
        if len(line) + len(word) + 1 > 60:
            wrapped.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    wrapped.append(line)
    text = "\n".join(wrapped + ["- البند الأول من القائمة.", "- البند الثاني."])
    body, _, _ = clean_text(text)
    assert paragraphs(body) == [
        sentence + " " + sentence, "- البند الأول من القائمة.", "- البند الثاني."
    ]


def test_empty_and_blank_text():
    assert clean_text("") == ("", ArticleMeta(), ())
    assert clean_text(" \n\n \t\n") == ("", ArticleMeta(), ())


# --- real articles ------------------------------------------------------------------


@pytest.fixture(scope="module")
def articles(shared_data):
    records = []
    for path in sorted((shared_data / "articles").glob("*.jsonl")):
        with path.open(encoding="utf-8") as handle:
            records += [json.loads(line) for line in handle]
    return records


def _chars(text: str) -> int:
    return len("".join(text.split()))


def test_cleaning_real_articles_is_conservative(articles):
    assert len(articles) == 210
    for record in articles:
        body, _, removed = clean_text(record["text"])
        assert body, record["id"]
        # a CNN teaser block (another story's dateline and what follows) goes whole
        cut = next((k for k, line in enumerate(removed) if starts_teaser(line)), len(removed))
        teasers = _chars("".join(removed[cut:]))
        lost = 1 - (_chars(body) + teasers) / _chars(record["text"])
        assert lost <= 0.12, (record["id"], lost)
        for line in removed[:cut]:  # removed lines are short furniture, never long paragraphs
            assert len(line) <= 200, (record["id"], line)


def test_real_articles_metadata(articles):
    by_id = {r["id"]: clean_text(r["text"]) for r in articles}
    cnn = [meta.source for key, (_, meta, _) in by_id.items() if key.startswith("CN-")]
    assert cnn.count("CNN") == 29  # the 30th is an opinion piece with no dateline
    assert by_id["saudinewsnet-2015-07-23-1257"][1].source == "سبق"
    assert by_id["AL-sport-384-20180303"][1].source == "الأهرام المصرية"
    titles = [meta.title for _, meta, _ in by_id.values() if meta.title]
    assert titles == []  # the corpus texts carry no headline line: none is invented


def test_hard_wrapped_easc_articles_are_rejoined(shared_data):
    with (shared_data / "sum" / "easc.jsonl").open(encoding="utf-8") as handle:
        records = {r["id"]: r for r in map(json.loads, handle)}
    wrapped = records["EASC-Topic4"]["text"]  # Alwatan, wrapped at ~78 characters
    body, _, _ = clean_text(wrapped)
    assert len(wrapped.split("\n")) == 15
    assert len(paragraphs(body)) == 5
    assert all(p.endswith(".") for p in paragraphs(body))
    assert " ".join(wrapped.split()) == " ".join(body.split())  # nothing lost
    flat = records["EASC-Topic66"]["text"]  # one paragraph per line: left as it is
    lines = [line.strip() for line in flat.split("\n") if line.strip()]
    assert paragraphs(clean_text(flat)[0]) == lines
