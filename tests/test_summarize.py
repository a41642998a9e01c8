"""Extractive summary on hand-made articles and the Kremlin article."""

from __future__ import annotations

import pytest

from ansum.arabic.segment import segment
from ansum.summary.extractive import extractive_summary, rank_sentences

ARTICLE = (
    "أعلنت وزارة الصحة اليوم عن حملة تطعيم وطنية ضد الحصبة تشمل جميع المدارس الحكومية.\n"
    "وقالت الوزارة إن حملة التطعيم ضد الحصبة ستستمر ثلاثة أسابيع في المدارس.\n"
    "وأضافت أن الحصبة عادت إلى الانتشار بسبب تراجع نسب التطعيم في المدارس.\n"
    "الطقس اليوم مشمس.\n"
    "من جهة أخرى افتتح محافظ المدينة حديقة عامة جديدة قرب النهر الكبير بحضور السكان.\n"
    "وتشمل حملة التطعيم الوطنية أيضا المدارس الخاصة في المحافظات الجنوبية ضد الحصبة.\n"
)


def test_picks_central_sentences_in_article_order():
    sents = segment(ARTICLE)
    chosen = extractive_summary(sents, 3)
    idx = [s.index for s in chosen]
    assert idx == sorted(idx)
    assert 0 in idx  # the lead, central and first
    assert 3 not in idx  # too short to be picked
    assert 4 not in idx  # off-topic sentence
    assert all(s.text == sents[s.index].text for s in chosen)


def test_n_bounds_and_errors():
    sents = segment(ARTICLE)
    assert len(extractive_summary(sents, 1)) == 1
    assert len(extractive_summary(sents, 50)) <= len(sents)
    with pytest.raises(ValueError):
        extractive_summary(sents, 0)
    assert extractive_summary([], 3) == []


def test_duplicate_sentences_are_not_both_picked():
    text = ARTICLE.splitlines()[0]
    sents = segment(text + "\n" + text + "\n" + ARTICLE)
    chosen = [s.text for s in extractive_summary(sents, 3)]
    assert len(chosen) == len(set(chosen))


def test_short_sentences_fall_back_to_lead():
    sents = segment("نعم.\nلا.\nربما.")
    assert [s.text for s in extractive_summary(sents, 2)] == ["نعم.", "لا."]


def test_scores_normalized_and_deterministic():
    sents = segment(ARTICLE)
    a = rank_sentences(sents)
    b = rank_sentences(sents)
    assert a == b
    assert max(r.score for r in a) == pytest.approx(1.0)
    assert all(0.0 <= r.score <= 1.0 for r in a)


def test_kremlin_summary_is_about_the_call(kremlin_path):
    from ansum.input.read import article_from_text

    article = article_from_text(kremlin_path.read_text(encoding="utf-8"), name="kremlin")
    sents = segment(article.body)
    chosen = extractive_summary(sents, 3)
    joined = " ".join(s.text for s in chosen)
    assert "بيسكوف" in joined
    assert "(تستمر)" not in joined and "أفكارك" not in joined
    assert all(s.text in article.body for s in chosen)


def test_an_inherited_speaker_gets_its_english_form(kremlin_path):
    # issue 13: "وأكد «…»" names no one; its speaker comes from an earlier sentence
    from ansum.backends.fake import FakeTranslator
    from ansum.input.read import load_article
    from ansum.pipeline import build_brief
    from ansum.runtime import BriefOptions, Runtime

    runtime = Runtime(BriefOptions(profile="extractive"))
    runtime._backends["translator"] = FakeTranslator()  # "EN(" + text + ")"
    brief = build_brief(load_article(str(kremlin_path)), BriefOptions(profile="extractive"),
                        runtime)
    inherited = [c for c in brief.claims if c.speaker is None and c.inherited_speaker]
    assert inherited, "the Kremlin article has a claim with an inherited speaker"
    for c in inherited:
        assert c.en_inherited_speaker == f"EN({c.inherited_speaker})"
    assert all(c.en_inherited_speaker is None for c in brief.claims if c.speaker is not None)


def test_an_interview_is_summarized_by_its_answers(shared_data):
    # issue 13: the summary of this interview was three of the interviewer's questions
    from ansum.input.read import load_article
    from ansum.summary.extractive import is_question

    article = load_article(str(shared_data / "html" / "assabah_tn_164913.html"))
    sentences = segment(article.body)
    assert sum(is_question(s.text) for s in sentences) >= 10
    chosen = extractive_summary(sentences, 3)
    assert len(chosen) == 3
    assert not any(is_question(s.text) for s in chosen)
    assert any(s.text.startswith("-") for s in chosen)  # an answer ("-" opens each one)


QUESTIONS = [
    "ما الذي يحدث اليوم في أسواق النفط العالمية بعد قرار المنتجين؟",
    "وكيف ستتأثر أسعار الوقود في الدول المستوردة خلال الأشهر المقبلة؟",
    "وهل تستطيع الحكومات حماية المستهلكين من ارتفاع الأسعار الجديد؟",
    "وما هي البدائل المتاحة أمام الدول الفقيرة لمواجهة هذه الأزمة؟",
]
ANSWERS = [
    "قرر المنتجون خفض الإنتاج مليون برميل يوميا اعتبارا من الشهر المقبل في الأسواق.",
    "وسترتفع أسعار الوقود في الدول المستوردة بنسبة كبيرة خلال الأشهر المقبلة حسب الخبراء.",
    "وتستطيع الحكومات دعم المستهلكين عبر خفض الضرائب على الوقود لفترة محدودة.",
    "وأمام الدول الفقيرة بدائل قليلة أهمها الطاقة الشمسية وقروض المؤسسات الدولية.",
]


def test_questions_are_demoted_only_in_interviews():
    from ansum.summary.extractive import is_question

    interview = segment("\n".join(q + "\n" + a for q, a in zip(QUESTIONS, ANSWERS, strict=True)))
    chosen = extractive_summary(interview, 3)
    assert [s.text for s in chosen if is_question(s.text)] == [QUESTIONS[0]]  # the lead hook
    quiz = segment("\n".join(QUESTIONS + ANSWERS[:1]))  # mostly questions: kept as they are
    assert sum(is_question(s.text) for s in extractive_summary(quiz, 3)) >= 2
    assert is_question("قال: «هل نحن مستعدون؟»") and not is_question("انتهى.")
