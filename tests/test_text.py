"""Normalization, segmentation and tokens on hand-made tricky cases."""

from __future__ import annotations

import pytest

from ansum.arabic.normalize import ascii_digits, normalize, normalize_map, tokens
from ansum.arabic.segment import segment
from ansum.arabic.stem import content_terms, light_stem


def texts(body: str) -> list[str]:
    return [s.text for s in segment(body)]


# --- normalization -----------------------------------------------------------


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("أحمد إبراهيم آمال ٱلله", "احمد ابراهيم امال الله"),
        ("مُحَمَّدٌ", "محمد"),  # diacritics
        ("العـــربية", "العربيه"),  # tatweel, ta marbuta
        ("مستشفى", "مستشفي"),  # alef maqsura
        ("مسؤول رئيس", "مسوول رييس"),  # hamza on waw / ya
        ("٢٠٢١ ۱۴۰۰ ٣٫٥٪", "2021 1400 3.5%"),  # Arabic-Indic, Persian digits, separators
        ("فارسی کتاب", "فارسي كتاب"),
        ("Moscow TIME", "moscow time"),
    ],
)
def test_normalize(raw, expected):
    assert normalize(raw) == expected


def test_normalize_is_idempotent_and_map_points_back():
    raw = "قَالَ الـمُتَحَدِّثُ: «٢٣:٣٠»"
    norm, index = normalize_map(raw)
    assert normalize(norm) == norm
    assert len(index) == len(norm)
    assert all(normalize(raw[i]) == norm[k] for k, i in enumerate(index))
    # the figure found in the normalized text maps back to the original span
    start = norm.index("23:30")
    assert raw[index[start] : index[start + 4] + 1] == "٢٣:٣٠"


def test_ascii_digits_keeps_length():
    assert ascii_digits("في ٢٠٢١ و۱۴۰۰") == "في 2021 و1400"


# --- segmentation ------------------------------------------------------------


def test_segment_ends_at_terminators_and_keeps_closers():
    body = "قال الوزير إن النمو جيد. هل هذا صحيح؟ نعم! وانتهى الأمر… ثم عاد."
    assert texts(body) == [
        "قال الوزير إن النمو جيد.",
        "هل هذا صحيح؟",
        "نعم!",
        "وانتهى الأمر…",
        "ثم عاد.",
    ]


def test_segment_not_at_comma_or_semicolon():
    body = "اجتمع الوفدان، وناقشا الضمانات؛ ثم غادرا."
    assert texts(body) == [body]


def test_segment_not_inside_numbers_times_dates():
    body = "بلغ النمو 3.5 في المئة في 2021/12/30 عند الساعة 23:30 بتوقيت موسكو. وأضاف الوزير أمرا."
    assert texts(body) == [
        "بلغ النمو 3.5 في المئة في 2021/12/30 عند الساعة 23:30 بتوقيت موسكو.",
        "وأضاف الوزير أمرا.",
    ]


def test_segment_not_inside_quotes():
    body = 'وقال: «الوضع خطير. ولن نتراجع». وأضاف: "نحن مستعدون. تماما". ثم غادر.'
    assert texts(body) == [
        "وقال: «الوضع خطير. ولن نتراجع».",
        'وأضاف: "نحن مستعدون. تماما".',
        "ثم غادر.",
    ]


def test_unpaired_quote_protects_nothing():
    body = 'وأضاف، "الغرض واضح. وسأشير إلى ذلك.'
    assert texts(body) == ['وأضاف، "الغرض واضح.', "وسأشير إلى ذلك."]


def test_segment_not_after_abbreviations():
    body = (
        "قال د. أحمد إن الاجتماع عقد عام 1990 م. في القاهرة. وقال Dr. Smith from the U.S. nothing."
    )
    assert texts(body) == [
        "قال د. أحمد إن الاجتماع عقد عام 1990 م. في القاهرة.",
        "وقال Dr. Smith from the U.S. nothing.",
    ]


def test_segment_paragraph_breaks_end_sentences():
    body = "العنوان بلا نقطة\nفقرة أولى. جملة ثانية\n\nفقرة ثالثة"
    sents = segment(body)
    assert [s.text for s in sents] == ["العنوان بلا نقطة", "فقرة أولى.", "جملة ثانية", "فقرة ثالثة"]
    assert [s.paragraph for s in sents] == [0, 1, 1, 2]
    assert [s.index for s in sents] == [0, 1, 2, 3]


def test_segment_offsets_give_back_the_text():
    body = "  أولا. ثانيا؟\n\n«ثالثا. رابعا» خامسا!  "
    for s in segment(body):
        assert body[s.start : s.end] == s.text
        assert s.text == s.text.strip()


def test_segment_empty():
    assert segment("") == []
    assert segment(" \n\n \t") == []


def test_segment_kremlin_quote_stays_whole(kremlin_path):
    body = kremlin_path.read_text(encoding="utf-8")
    sents = texts(body)
    quote = [s for s in sents if s.startswith("وقال بيسكوف للصحفيين")]
    assert len(quote) == 1
    assert quote[0].endswith('في هذا الوقت".')
    assert "23:30" in quote[0]
    assert not any(s.startswith("لذلك") for s in sents)


# --- tokens and stems ----------------------------------------------------------


def test_tokens_keep_numbers_whole():
    toks = [t for t, _, _ in tokens("في 23:30 يوم 2021/12/30 بنسبة 3.5% فقط.")]
    assert toks == ["في", "23:30", "يوم", "2021/12/30", "بنسبة", "3.5", "فقط"]


@pytest.mark.parametrize(
    "word, stem",
    [
        ("والمفاوضات", "مفاوض"),
        ("بالمدينه", "مدين"),
        ("المتحدثون", "متحدث"),
        ("كتابها", "كتاب"),
        ("وزير", "وزير"),  # و is stripped only when 4 letters remain
        ("ووزير", "وزير"),
        ("moscow", "moscow"),
    ],
)
def test_light_stem(word, stem):
    assert light_stem(normalize(word)) == stem


def test_content_terms_drop_stopwords_and_match_across_spellings():
    a = content_terms("وأكد المتحدث أن المفاوضات في جنيف")
    b = content_terms("اكد المتحدثُ ان المفاوضاتِ فى جنيف")
    assert a == b
    assert "في" not in a and "ان" not in a
    assert "جنيف" in a


def test_period_glued_between_arabic_words_ends_sentence():
    body = "زار الوفد أمريكا.وبالإضافة إلى ذلك زار كندا. وقال د.أحمد إن 3.5 رقم."
    assert texts(body) == [
        "زار الوفد أمريكا.",
        "وبالإضافة إلى ذلك زار كندا.",
        "وقال د.أحمد إن 3.5 رقم.",
    ]


def test_two_dots_are_a_pause_three_an_ellipsis():
    assert texts("اتفاق النووي.. كالسم الذي تجرعه الخميني عام 1988!") == [
        "اتفاق النووي.. كالسم الذي تجرعه الخميني عام 1988!"
    ]
    assert texts("وانتظر الجميع... ثم عاد.") == ["وانتظر الجميع...", "ثم عاد."]
