"""Figures compared on hand-made articles."""

from __future__ import annotations

from ansum.brief.compare import compare_figures, compare_story, figure_mentions, skeleton


def test_skeleton_meets_broken_plurals_and_duals():
    assert skeleton("صواريخ") == skeleton("صاروخا") == skeleton("صاروخ")
    assert skeleton("أهداف") == skeleton("هدفا")
    assert skeleton("مواقع") == skeleton("موقع")
    assert skeleton("الدقيقتين") == skeleton("الدقيقة")
    assert skeleton("نقاط") == skeleton("نقطة")


A = (
    "a",
    "ضربات على سوريا",
    "وقالت القيادة العامة للجيش السوري إن 110 صواريخ أطلقت على دمشق.",
    "CNN",
)
B = (
    "b",
    "روسيا: الدفاعات أسقطت معظم الصواريخ",
    "وقال الجنرال سيرغي رودسكوي إن الدفاعات الجوية السورية أسقطت 71 من أصل 103 صواريخ كروز.",
    "SK",
)
C = ("c", "الطقس", "وقالت الهيئة إن درجات الحرارة بلغت 40 درجة في المدينة.", "BBC")


def test_mentions_have_speaker_noun_key():
    ms = figure_mentions(*A[:3], source=A[3])
    assert [(m.figure.text, m.noun, m.key) for m in ms] == [("110", "صواريخ", "number:صرخ")]
    assert ms[0].speaker and "القيادة" in ms[0].speaker
    assert ms[0].source == "CNN" and ms[0].sentence_index == 1


def test_quantity_words_and_numbers_are_skipped():
    ms = figure_mentions(*B[:3])
    assert [(m.figure.text, m.noun) for m in ms] == [("71", "صواريخ"), ("103", "صواريخ")]


def test_compare_across_articles_only():
    compared = compare_story([A, B, C])
    assert len(compared) == 1
    cf = compared[0]
    assert cf.kind == "number" and cf.n_articles == 2
    assert {a for a, _ in cf.pairs()} == {"a", "b"}
    assert "110" in cf.values() and "103" in cf.values()
    assert compare_figures(figure_mentions(*A[:3])) == []  # one article: nothing to compare


def test_numbers_in_names_are_not_compared_figures():
    from ansum.brief.compare import figure_mentions, part_of_name

    for text, fig in (("منظومة إس-300 الروسية", "300"), ("طائرات GR4 البريطانية", "4"),
                      ("مقاتلات F16 الأمريكية", "16"), ("دبابة T-72 قديمة", "72")):
        at = text.index(fig)
        assert part_of_name(text, at, at + len(fig)), text
    for text, fig in (("أطلقت 110 صواريخ", "110"), ("بـ110 صواريخ", "110"),
                      ("ب110 صواريخ", "110"), ("بين 100-120 صاروخا", "120")):
        at = text.rindex(fig)
        assert not part_of_name(text, at, at + len(fig)), text
    body = ("وقال المتحدث إن 110 صواريخ أطلقت على سوريا.\n"
            "وقال المتحدث إن منظومة إس-300 الروسية لم تستخدم في الهجوم.")
    nouns = [m.noun for m in figure_mentions("a", "", body)]
    assert nouns and all("اس" != n for n in nouns)
