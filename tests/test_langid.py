"""Language identification by script and letter statistics (ansum.input.langid)."""

from __future__ import annotations

import pytest

from ansum.input.langid import LANGUAGES, detect_language, script_share

AR = "قال وزير الخارجية إن المحادثات مع الجانب الروسي ستستأنف الأسبوع المقبل في جنيف."
FA = "وزیر امور خارجه گفت که مذاکرات با طرف روسی هفته آینده در ژنو از سر گرفته می‌شود."
UR = "وزیر خارجہ نے کہا ہے کہ روس کے ساتھ بات چیت اگلے ہفتے جنیوا میں دوبارہ شروع ہوگی۔"
EN = "The foreign minister said that talks with the Russian side will resume next week in Geneva."
FR = "Le ministre des affaires étrangères a dit que les discussions avec la Russie reprendront."


@pytest.mark.parametrize(
    ("text", "lang"),
    [(AR, "ar"), (FA, "fa"), (UR, "ur"), (EN, "en"), (FR, "fr")],
)
def test_detects_each_language(text, lang):
    assert detect_language(text) == lang


def test_short_persian_and_urdu_phrases():
    assert detect_language("این کتاب را می‌خوانم") == "fa"
    assert detect_language("یہ کتاب میری ہے") == "ur"
    assert detect_language("هذا الكتاب لي") == "ar"


def test_undetermined_inputs():
    assert detect_language("") == "und"
    assert detect_language("123 456 -- !!") == "und"
    assert detect_language("a") == "und"
    assert detect_language("这是一个中文句子，用来测试。") == "und"
    # Latin letters without any telling function word
    assert detect_language("Xyzzy plugh") == "und"


def test_mixed_text_takes_the_majority_script():
    mixed = AR + " (Reuters, CNN)"
    assert detect_language(mixed) == "ar"
    assert detect_language(EN + " قال") == "en"


def test_urdu_dateline_in_arabic_article_stays_arabic(kremlin_path):
    text = kremlin_path.read_text(encoding="utf-8")
    assert "بوینت" in text  # the Urdu/Persian-spelled outlet name in the dateline
    assert detect_language(text) == "ar"


def test_arabic_with_a_few_persian_letters_stays_arabic():
    # a foreign name written with گ and پ in an Arabic sentence
    text = "التقى الرئيس بالمبعوث گريفيث في العاصمة، وبحثا خطة السلام الجديدة للبلاد مع پوتين."
    assert detect_language(text) == "ar"


def test_script_share_counts_letters_only():
    share = script_share("abc دعم 123 !!")
    assert share == {"arabic": 0.5, "latin": 0.5, "other": 0.0}
    assert script_share("") == {"arabic": 0.0, "latin": 0.0, "other": 0.0}
    assert script_share("ـــ 42") == {"arabic": 0.0, "latin": 0.0, "other": 0.0}  # tatweel


def test_script_share_sums_to_one_and_other_script():
    share = script_share("Привет мир hello")
    assert share["other"] == pytest.approx(9 / 14)
    assert share["latin"] == pytest.approx(5 / 14)
    assert sum(share.values()) == pytest.approx(1.0)


def test_languages_constant_lists_every_answer():
    for text in (AR, FA, UR, EN, FR, ""):
        assert detect_language(text) in LANGUAGES
