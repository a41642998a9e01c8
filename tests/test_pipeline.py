"""The library API: build_brief with fake backends (no models)."""

from __future__ import annotations

from ansum.backends.fake import FakeTranslator
from ansum.input.read import article_from_text
from ansum.pipeline import build_brief
from ansum.runtime import BriefOptions, Runtime

ARTICLE = "\n\n".join([
    "وزير النقل يعلن موعد اكتمال توسعة الميناء",
    "أعلن وزير النقل سامر الحديدي، اليوم الخميس، أن أعمال توسعة الميناء الجنوبي ستكتمل "
    "قبل نهاية عام 2027، بكلفة تبلغ 450 مليون دولار.",
    'وقال الحديدي: "المشروع سيرفع الطاقة الاستيعابية للميناء بنسبة 40% ويوفر نحو 3 آلاف '
    'فرصة عمل".',
    "ويعد الميناء الجنوبي المنفذ البحري الرئيسي للبلاد، إذ تمر عبره نحو ثلثي الواردات "
    "والصادرات.",
])


def _runtime_with(translator) -> Runtime:
    runtime = Runtime(BriefOptions(profile="extractive"))
    runtime._backends["translator"] = translator  # inject the fake; the profile names no model
    return runtime


class EnglishFake(FakeTranslator):
    """Returns clean English that keeps the article's figures, so no guard fires."""

    def translate(self, texts, *, safe=False):
        self.calls.append(list(texts))
        self.safe_calls += bool(safe)
        return [f"A translated sentence of {len(t)} characters; figures 2027, 450 million "
                "dollars, 40% and 3 thousand." if len(t) > 40 else "Minister Al-Hadidi"
                for t in texts]


def test_sentences_in_summary_and_claims_are_translated_once():
    fake = EnglishFake()
    article = article_from_text(ARTICLE, name="port")
    brief = build_brief(article, BriefOptions(profile="extractive"), _runtime_with(fake))
    shared = {s.ar for s in brief.summary} & {c.text for c in brief.claims}
    assert shared  # the lead is both a summary sentence and a claim
    sent = [t for batch in fake.calls for t in batch]
    assert fake.safe_calls == 0
    for text in shared:
        assert sent.count(text) == 1
    assert all(s.en is not None for s in brief.summary)
    assert all(c.en is not None for c in brief.claims)
    assert brief.stages[-1].method == fake.name


def test_failed_translator_gives_partial_brief_and_is_not_retried_per_article():
    fake = FakeTranslator(failure="error")
    runtime = _runtime_with(fake)
    article = article_from_text(ARTICLE, name="port")
    first = build_brief(article, BriefOptions(profile="extractive"), runtime)
    assert first.partial and first.english == "none"
    calls = len(fake.calls)
    second = build_brief(article, BriefOptions(profile="extractive"), runtime)
    assert second.partial and len(fake.calls) == calls  # remembered as failed
