"""Figures in Arabic sentences and their numbers in English, on hand-made cases."""

from __future__ import annotations

import pytest

from ansum.claims.figures import (
    canonical_number,
    extract_figures,
    figure_numbers,
    missing_figures,
    numbers_in_english,
)


def one(text: str):
    figs = extract_figures(text)
    assert len(figs) == 1, figs
    return figs[0]


@pytest.mark.parametrize(
    "text, figure, kind, value",
    [
        ("ارتفع التضخم بنسبة 15% هذا العام", "15%", "percent", "15%"),
        ("ارتفع التضخم بنسبة ١٥٪ هذا العام", "١٥٪", "percent", "15%"),
        ("نما الاقتصاد ٣٫٥٪ فقط", "٣٫٥٪", "percent", "3.5%"),
        ("تراجعت البطالة 3,5 في المائة", "3,5 في المائة", "percent", "3.5%"),
        ("زادت الأسعار 20 بالمئة", "20 بالمئة", "percent", "20%"),
        ("بلغت النسبة 7 في المئة", "7 في المئة", "percent", "7%"),
        (
            "خصصت 5 ملايين دولار أمريكي للمشروع",
            "5 ملايين دولار أمريكي",
            "money",
            "5 million dollars",
        ),
        ("بلغت الصفقة 3.5 مليار يورو", "3.5 مليار يورو", "money", "3.5 billion euros"),
        ("دفع 200 ألف جنيه إسترليني", "200 ألف جنيه إسترليني", "money", "200 thousand pounds"),
        ("بسعر ينطلق من 550 دولار للقطعة", "550 دولار", "money", "550 dollars"),
        ("بلغ السعر $40 للبرميل", "$40", "money", "40 dollars"),
        ("صرف ٢٠٠ ريال للأسرة", "٢٠٠ ريال", "money", "200 riyals"),
        ("وصل في 30 ديسمبر 2021 إلى موسكو", "30 ديسمبر 2021", "date", "30 12 2021"),
        ("تعقد في 10 كانون الثاني/يناير المقبل", "10 كانون الثاني/يناير", "date", "10 1"),
        ("نشرت في 17 كانون الأول/ديسمبر الجاري", "17 كانون الأول/ديسمبر", "date", "17 12"),
        ("ليلة 14 جانفي 2011 في تونس", "14 جانفي 2011", "date", "14 1 2011"),
        ("يوم 4 ماي المقبل", "4 ماي", "date", "4 5"),
        ("حتى 3 جويلية الجاري", "3 جويلية", "date", "3 7"),
        ("في 15 أوت الماضي", "15 أوت", "date", "15 8"),
        ("منذ 2 فيفري الماضي", "2 فيفري", "date", "2 2"),
        ("في 9 أفريل الماضي", "9 أفريل", "date", "9 4"),
        ("في 21 جوان الماضي", "21 جوان", "date", "21 6"),
        ("في 2 أكتوبر/ تشرين الأول الجاري", "2 أكتوبر/ تشرين الأول", "date", "2 10"),
        ("في 7 يوليو (تموز) الجاري", "7 يوليو (تموز)", "date", "7 7"),
        ("في 14 من أغسطس/ آب عام 2013", "14 من أغسطس/ آب عام 2013", "date", "14 8 2013"),
        ("خلال شهر مارس 2017 الماضي", "مارس 2017", "date", "3 2017"),
        ("بتاريخ 2021/12/30 وقع", "2021/12/30", "date", "2021 12 30"),
        ("بتاريخ 30-12-2021 وقع", "30-12-2021", "date", "30 12 2021"),
        ("في الساعة 23:30 بتوقيت موسكو", "الساعة 23:30", "time", "23:30"),
        ("تبدأ عند 23:30 بتوقيت موسكو", "23:30", "time", "23:30"),
        ("تبدأ الساعة 11 صباحا", "الساعة 11 صباحا", "time", "11"),
        ("قرار قمة بوخارست لعام 2008", "2008", "year", "2008"),
        ("في العام 2016 دعت الدوحة", "2016", "year", "2016"),
        ("تأسست الشركة منذ ٢٠١١ في دبي", "٢٠١١", "year", "2011"),
        ("أعيد توطين 2000 لاجئ", "2000", "number", "2000"),
        ("قتل 13 شخصا في الهجوم", "13", "number", "13"),
        ("أكثر من 1,200 شخص", "1,200", "number", "1200"),
        ("ارتفع المؤشر 3.5 نقطة", "3.5", "number", "3.5"),
        ("يقيم فيها حاليا 20 ألفا", "20 ألفا", "number", "20 thousand"),
        ("فاز الفريق بنتيجة 3:1 أمس", "3:1", "number", "3:1"),
    ],
)
def test_each_kind(text, figure, kind, value):
    f = one(text)
    assert (f.text, f.kind, f.value) == (figure, kind, value)
    assert text[f.span.start : f.span.end] == figure


def test_number_list_before_a_month_is_one_date():
    text = "المفاوضات التي ستجرى في 10، 11، 12( كانون الثاني/يناير) القادم"
    f = one(text)
    assert f.text == "10، 11، 12( كانون الثاني/يناير)"
    assert (f.kind, f.value) == ("date", "10 11 12 1")


def test_separate_numbers_stay_separate():
    figs = extract_figures("وصل 10، ثم 11، ثم 12 شخصا")
    assert [(f.text, f.kind) for f in figs] == [
        ("10", "number"),
        ("11", "number"),
        ("12", "number"),
    ]


def test_longest_match_wins_and_figures_do_not_overlap():
    text = "دفعت 5 ملايين دولار في 30 ديسمبر 2021 بنسبة 15%"
    figs = extract_figures(text)
    assert [f.kind for f in figs] == ["money", "date", "percent"]
    for a, b in zip(figs, figs[1:], strict=False):
        assert a.span.end <= b.span.start


def test_spans_map_back_through_diacritics_and_tatweel():
    text = "يَبْلُغُ عُمْرُهُ ٢٣ عامًا وَقَدْ وَصَلَ فـــي ٣٠ ديسمـــبر ٢٠٢١ بِنِسْبَةِ ١٥٪"
    figs = extract_figures(text)
    assert [(f.text, f.value) for f in figs] == [
        ("٢٣ عامًا", "23"),  # an age, with its unit
        ("٣٠ ديسمـــبر ٢٠٢١", "30 12 2021"),
        ("١٥٪", "15%"),
    ]
    for f in figs:
        assert text[f.span.start : f.span.end] == f.text


def test_persian_digits():
    f = one("بلغ العدد ۱۲۰۰ شخص")
    assert (f.text, f.value) == ("۱۲۰۰", "1200")


def test_no_figures_in_plain_text_or_latin_codes():
    assert extract_figures("قال المتحدث إن المحادثة طبيعية تماما") == []
    assert extract_figures("شبكة 5G الجديدة") == []


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("1,200", ["1200"]),
        ("3,5", ["3.5"]),
        ("1.200.000", ["1200000"]),
        ("007", ["7"]),
        ("3.50", ["3.5"]),
    ],
)
def test_canonical_number(raw, expected):
    assert canonical_number(raw) == expected


def test_figure_numbers():
    date = one("في 10 كانون الثاني/يناير المقبل")
    assert figure_numbers(date) == ["10", "1"]
    assert figure_numbers(one("في الساعة 23:30")) == ["23", "30"]
    assert figure_numbers("بلغ ١٬٢٠٠ و٣٫٥") == ["1200", "3.5"]


def test_numbers_in_english():
    found = numbers_in_english(
        "On January 10th, 1,200 people paid $5,000,000 at 11:30 pm; twenty-five of them "
        "expect 3.50 percent growth in 2008."
    )
    assert {"1", "10", "1200", "5000000", "5", "11", "30", "23", "25", "3.5", "2008"} <= found
    assert "5" in numbers_in_english("5 million dollars")
    assert "1500000" in numbers_in_english("1.5 million")
    assert "5" not in numbers_in_english("You may go")  # "may" is a verb, not May


def test_missing_figures_matching_english():
    text = "وقال بيسكوف إن الاتصال في 30 كانون الأول/ديسمبر في الساعة 23:30 بتوقيت موسكو"
    figs = extract_figures(text)
    assert [f.kind for f in figs] == ["date", "time"]
    assert missing_figures(figs, "Peskov said the call on December 30 at 23:30 Moscow time") == []
    assert (
        missing_figures(figs, "Peskov said the call on 30 December at 11:30 pm Moscow time") == []
    )


def test_missing_figures_mismatching_english():
    text = "تعقد المفاوضات في 10 كانون الثاني/يناير في جنيف، وارتفعت الأسعار 15%"
    date, percent = extract_figures(text)
    assert missing_figures([date, percent], "talks in Geneva on January 10; prices rose 15%") == []
    assert missing_figures([date, percent], "talks in Geneva on February 10; prices rose 15%") == [
        date
    ]
    assert missing_figures([date, percent], "talks in Geneva on 10 January; prices rose 50%") == [
        percent
    ]
    assert missing_figures([date, percent], "talks in Geneva") == [date, percent]


def test_arabic_decimal_comma_glued_between_digits():
    from ansum.claims.figures import extract_figures

    figs = extract_figures("بلغ العجز 2،9 مليار دولار ونسبة 2،5 بالمائة في 10، 11 يناير")
    assert [(f.text, f.kind, f.value) for f in figs[:2]] == [
        ("2،9 مليار دولار", "money", "2.9 billion dollars"),
        ("2،5 بالمائة", "percent", "2.5%"),
    ]
    assert figs[2].text.startswith("10، 11")


def test_percent_ranges_keep_their_lower_bound():
    from ansum.claims.figures import extract_figures, figure_numbers, missing_figures

    (fig,) = extract_figures("تتراوح النسبة بين 1.4 و4.4% سنويا")
    assert (fig.kind, fig.value, figure_numbers(fig)) == ("range", "1.4-4.4%", ["1.4", "4.4"])
    assert fig.unit == "%"
    (fig,) = extract_figures("في 15-150% من الحالات")
    assert fig.text == "15-150%"
    assert missing_figures([fig], "in 150% of cases") == [fig]  # the dropped 15 is caught
    assert missing_figures([fig], "in 15-150% of cases") == []


# --- kinds, units and the labelling convention (issue 10); sentences from ../shared/data


@pytest.mark.parametrize(
    "sentence, expected",
    [
        # ages and durations carry their unit
        ("وتقول التقارير إن تسفانغيراي البالغ من العمر 65 عاما توفي بعد صراع مع مرض",
         [("65 عاما", "age", "65", "سنه")]),
        ("ويعد حفتر، 75 عاما، الشخصية المهيمنة في شرقي ليبيا",
         [("75 عاما", "age", "75", "سنه")]),
        ("وبعد 7 سنوات بالتمام، عادت العلاقات مرة أخرى",
         [("7 سنوات", "duration", "7", "سنه")]),
        # times written with a point or a comma
        ("الساعة العاشرة والنصف بالتوقيت المحلي (01.30 غرينيتش)، في",
         [("01.30", "time", "01:30", None)]),
        ("ونفذت هذه العملية قرابة الساعة 11,30 بالتوقيت المحلي",
         [("الساعة 11,30", "time", "11:30", None)]),
        # ranges of years, months and days; Hijri dates
        ("العدد في تراجع ملحوظ مقارنة ب2013 /2014", [("2013 /2014", "range", "2013-2014", None)]),
        ("ووصل بري الذي كان يصنف خلال الحرب الأهلية (1975-1990) بين",
         [("1975-1990", "range", "1975-1990", None)]),
        ("ومن فبراير إلى أبريل 2005، ارتفعت حدة التوتر",
         [("فبراير إلى أبريل 2005", "range", "2005-02/2005-04", None)]),
        ("قرار مجلس الوزراء رقم 180 بتاريخ 2 – 5 – 1435 هـ، وكذلك",
         [("180", "number", "180", None), ("2 – 5 – 1435 ه", "date", "1435-05-02 AH", None)]),
        ("خوض وديتي البرتغال واليونان يومي 23 و27 من الشهر نفسه",
         [("23", "date", "23", None), ("27", "date", "27", None)]),
        # money ranges keep the currency on both bounds; measures and counted nouns
        ("ورجحت أن تتراوح قيمة البوليصة بين 100 إلى 150 ريالا",
         [("100", "money", "100", "ريال"), ("150 ريالا", "money", "150", "ريال")]),
        ("وارتفع الدين الخارجي لمصر ليصل إلى 82.9 مليار دولار في نهاية ديسمبر",
         [("82.9 مليار دولار", "money", "82900000000", "دولار")]),
        ("تراجع انتاج النفط الإيراني بواقع 150 مليون برميل",
         [("150 مليون برميل", "quantity", "150000000", "برميل")]),
        ("وكانت وزارة الدفاع الفرنسية قد أعلنت أن الجيش الفرنسي أطلق 12 صاروخا على سوريا.",
         [("12", "number", "12", "صاروخ")]),
        ("وتشغّل \"Vue\" 1902 من شاشات السينما، في 212 صالة",
         [("1902", "number", "1902", "شاشه"), ("212", "number", "212", "صاله")]),
        ("روسيا بنتيجة 5-صفر في افتتاح", [("5-صفر", "number", "5-0", "هدف")]),
        # no year labelled as a number next to another year
        ("منذ العام 2016 و2017", [("2016", "year", "2016", None), ("2017", "year", "2017", None)]),
    ],
)
def test_kind_value_and_unit(sentence, expected):
    from ansum.claims.figure_units import label_value

    got = [(f.text, f.kind, label_value(f), f.unit) for f in extract_figures(sentence)]
    assert got == expected
