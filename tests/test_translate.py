"""Aligned, batched, guarded translation (ansum.translation.translate) with stub translators."""

from __future__ import annotations

import pytest

from ansum.arabic.chunk import split_clauses
from ansum.errors import BackendError
from ansum.schema import Span
from ansum.translation.translate import (
    FIGURE_MISMATCH,
    english_spans,
    locate_phrase,
    translate_segments,
    translate_speaker,
    translate_speakers,
)


def translit(text: str) -> str:
    """A deterministic stand-in for a translation: Arabic letters -> Latin letters (one
    for one), Arabic-Indic digits -> ASCII, Arabic comma -> ",", diacritics dropped."""
    out = []
    for ch in text:
        if "\u0621" <= ch <= "\u064a":
            out.append(chr(ord("a") + (ord(ch) - 0x0621) % 26))
        elif "\u0660" <= ch <= "\u0669":
            out.append(str(ord(ch) - 0x0660))
        elif ch == "\u060c":
            out.append(",")
        elif "\u064b" <= ch <= "\u0652":
            continue
        else:
            out.append(ch)
    return "".join(out)


class StubTranslator:
    """Counts one token per word plus one for </s>; records every call."""

    name = "stub"

    def __init__(self, fn=None, max_input_tokens: int = 512):
        self.fn = fn or (lambda text, safe: translit(text))
        self._max = max_input_tokens
        self.calls: list[tuple[list[str], bool]] = []

    def count_tokens(self, text: str) -> int:
        return len(text.split()) + 1

    @property
    def max_input_tokens(self) -> int:
        return self._max

    def translate(self, texts: list[str], *, safe: bool = False) -> list[str]:
        self.calls.append((list(texts), safe))
        return [self.fn(t, safe) for t in texts]

    def sent(self) -> list[str]:
        return [t for texts, _ in self.calls for t in texts]


SHORT = "قال المتحدث إن الاجتماع كان مثمرا."
MEDIUM = "وأكد الوزير أن الحكومة ستواصل العمل على تحسين الخدمات العامة في المدن والقرى."
LONG = (
    "وأضاف الرئيس أن المحادثات تناولت الأوضاع الأمنية في المنطقة، والتعاون الاقتصادي "
    "بين البلدين، لكن الطرفين لم يتوصلا إلى اتفاق نهائي بشأن الحدود، بينما تستمر "
    "المشاورات بين الوفود الفنية حيث يتوقع أن تعقد جولة جديدة في الشهر المقبل."
)


def test_alignment_is_one_to_one_for_mixed_segments():
    segments = ["", "   ", "،!", "٢٠٢١", SHORT, LONG, MEDIUM, "..."]
    stub = StubTranslator()
    results = translate_segments(segments, stub, max_segment_tokens=12)
    assert len(results) == len(segments)
    assert [r.source for r in results] == segments
    # not sent: blank, punctuation and digits; returned with ASCII digits/punctuation
    assert [r.text for r in results[:4]] == ["", "   ", ",!", "2021"]
    assert results[7].text == "..."
    assert all(r.pieces == 0 for r in results[:4] + results[7:])
    sent = stub.sent()
    assert all(any(ch.isalpha() for ch in t) for t in sent)
    assert results[4].text == translit(SHORT) and results[4].pieces == 1
    assert results[6].text == translit(MEDIUM)
    # the long segment was split into pieces within the limit, and re-joined in order
    assert results[5].pieces > 1
    assert all(stub.count_tokens(t) <= 12 for t in sent)
    assert results[5].text.split() == translit(LONG).split()
    assert all(r.flags == () for r in results)


def test_split_pieces_drop_their_comma_and_rejoin_with_comma():
    stub = StubTranslator()
    [result] = translate_segments([LONG], stub, max_segment_tokens=12)
    assert not any(t.endswith(("\u060c", ",")) for t in stub.sent())
    assert result.text.count(", ") == translit(LONG).count(", ")


def test_model_full_stop_on_a_non_final_piece_is_dropped():
    stub = StubTranslator(lambda text, safe: translit(text).rstrip(".") + ".")
    [result] = translate_segments([LONG], stub, max_segment_tokens=12)
    assert result.pieces > 2
    assert result.text.count(".") == 1 and result.text.endswith(".")


def test_loop_on_first_try_is_retried_and_fixed():
    def fn(text, safe):
        return translit(text) if safe else "the the the the the the the"

    stub = StubTranslator(fn)
    results = translate_segments([SHORT, MEDIUM], stub)
    assert [r.retried for r in results] == [True, True]
    assert [r.flags for r in results] == [(), ()]
    assert [r.text for r in results] == [translit(SHORT), translit(MEDIUM)]
    assert [safe for _, safe in stub.calls] == [False, True]


def test_always_looping_output_stays_flagged():
    stub = StubTranslator(lambda text, safe: "of the city of the city of the city of the city")
    [result] = translate_segments([MEDIUM], stub)
    assert result.retried
    assert "repetition" in result.flags
    assert len(stub.calls) == 2  # one try and exactly one retry


def test_retry_keeps_the_output_with_fewer_flags():
    def fn(text, safe):  # safe output is worse: empty and a sentinel
        return "<pad>" if safe else translit(text) + " <unk>"

    stub = StubTranslator(fn)
    [result] = translate_segments([MEDIUM], stub)
    assert result.retried and result.flags == ("sentinel-token",)
    assert result.text == translit(MEDIUM) + " <unk>"


def test_clean_outputs_are_not_retried():
    stub = StubTranslator()
    translate_segments([SHORT, MEDIUM, LONG], stub)
    assert all(not safe for _, safe in stub.calls)


def test_order_is_restored_after_length_sorting():
    segments = [LONG, SHORT, MEDIUM, "نعم.", MEDIUM + " " + SHORT]
    stub = StubTranslator()
    results = translate_segments(segments, stub, max_batch_tokens=10_000)
    assert len(stub.calls) == 1
    sent = stub.calls[0][0]
    lengths = [stub.count_tokens(t) for t in sent]
    assert lengths == sorted(lengths) and sent != segments  # the model saw them sorted
    assert [r.text for r in results] == [translit(s) for s in segments]


def test_batches_respect_the_padded_token_budget():
    segments = [" ".join(["كلمة"] * n) + "." for n in (3, 17, 5, 9, 12, 2, 7, 15, 4, 11)]
    stub = StubTranslator(lambda text, safe: "word " * len(text.split()))
    results = translate_segments(segments, stub, max_batch_tokens=40)
    assert len(results) == len(segments)
    assert len(stub.calls) > 1
    for texts, _ in stub.calls:
        padded = len(texts) * max(stub.count_tokens(t) for t in texts)
        assert padded <= 40 or len(texts) == 1
    assert sorted(stub.sent()) == sorted(segments)  # each sent once


def test_one_input_over_the_budget_goes_alone():
    big = " ".join(["كلمة"] * 60) + "."
    stub = StubTranslator(lambda text, safe: "word " * len(text.split()))
    translate_segments([SHORT, big, MEDIUM], stub, max_batch_tokens=30)
    assert [big] in [texts for texts, _ in stub.calls]


DATE_AR = "وصل الوفد الروسي إلى جنيف في 10 كانون الثاني/يناير لإجراء محادثات."
DATE_EN = "The Russian delegation arrived in Geneva on January 10 for talks."
DATE_EN_DROPPED = "The Russian delegation arrived in Geneva in January for talks."


def test_faithfulness_flag_when_a_number_is_dropped():
    stub = StubTranslator(lambda text, safe: DATE_EN_DROPPED)
    [result] = translate_segments([DATE_AR], stub)
    assert FIGURE_MISMATCH in result.flags
    assert [f.text for f in result.missing_figures] == ["10 كانون الثاني/يناير"]
    assert result.retried  # a dropped figure is worth a retry


def test_no_faithfulness_flag_when_the_figure_is_kept():
    stub = StubTranslator(lambda text, safe: DATE_EN)
    [result] = translate_segments([DATE_AR], stub)
    assert result.flags == () and result.missing_figures == ()
    assert not result.retried


def test_faithfulness_retry_can_fix_the_figure():
    stub = StubTranslator(lambda text, safe: DATE_EN if safe else DATE_EN_DROPPED)
    [result] = translate_segments([DATE_AR], stub)
    assert result.text == DATE_EN and result.flags == () and result.retried


def test_wrong_length_from_backend_is_an_error():
    stub = StubTranslator()
    stub.translate = lambda texts, safe=False: ["x"]
    with pytest.raises(BackendError, match="returned 1 translations for 2"):
        translate_segments([SHORT, MEDIUM], stub)


def test_empty_input_makes_no_call():
    stub = StubTranslator()
    assert translate_segments([], stub) == []
    assert stub.calls == []


def test_split_clauses_at_marks_and_conjunctions():
    clauses = split_clauses(LONG)
    assert clauses[0].endswith("المنطقة،")
    assert any(c.startswith("لكن ") for c in clauses)
    assert any(c.startswith("بينما ") for c in clauses)
    assert any(c.startswith("حيث ") for c in clauses)
    assert " ".join(clauses).split() == LONG.split()
    assert split_clauses("  ") == []
    # a number with a thousands comma is not a clause boundary
    assert split_clauses("بلغ العدد 1,200 شخص") == ["بلغ العدد 1,200 شخص"]


# --- highlights in English ------------------------------------------------------


def test_english_spans_by_value():
    en = "On January 10, 2022, prices rose 3.5 percent to $5 million, 1,200 dollars each, at 23:30."
    values = ["10 1 2022", "3.5%", "5 million dollars", "1200 dollars", "23:30", "999"]
    spans = english_spans(en, values)
    assert [s.of(en) for s in spans] == [
        "January 10, 2022",
        "3.5 percent",
        "$5 million",
        "1,200",
        "23:30",
    ]
    assert spans == sorted(spans, key=lambda s: s.start)


def test_english_spans_repeated_value_takes_two_occurrences():
    en = "He said 40 people died and 40 were hurt."
    spans = english_spans(en, ["40", "40"])
    assert [s.to_list() for s in spans] == [[8, 10], [27, 29]]
    assert english_spans(en, ["41"]) == []


def test_english_spans_day_month_order_and_percent_sign():
    en = "The vote on 30 December 2021 gave 52% to the motion."
    spans = english_spans(en, ["30 12 2021", "52%"])
    assert [s.of(en) for s in spans] == ["30 December 2021", "52%"]


def test_locate_phrase_exact_then_fuzzy():
    en = "Kremlin spokesman Dmitry Peskov said the call lasted 50 minutes."
    assert locate_phrase(en, "kremlin spokesman dmitry peskov.").of(en) == (
        "Kremlin spokesman Dmitry Peskov"
    )
    # fuzzy: longest shared word run
    assert locate_phrase(en, "The spokesman Dmitry Peskov of the Kremlin").of(en) == (
        "spokesman Dmitry Peskov"
    )
    # only function words in common: no span
    assert locate_phrase(en, "the president of the") is None
    assert locate_phrase(en, "  ") is None


def test_translate_speaker_locates_the_translated_span():
    table = {"المتحدث باسم الكرملين دميتري بيسكوف": "Kremlin spokesman Dmitry Peskov"}
    stub = StubTranslator(lambda text, safe: table.get(text, translit(text)))
    en = "Dmitry Peskov, the Kremlin spokesman, said the call lasted 50 minutes."
    span = translate_speaker("المتحدث باسم الكرملين دميتري بيسكوف", en, stub)
    assert span == Span(0, 13) and span.of(en) == "Dmitry Peskov"
    spans = translate_speakers(["المتحدث باسم الكرملين دميتري بيسكوف", "شخص"], [en, en], stub)
    assert spans[0] == span and spans[1] is None
    assert len(stub.calls) == 2  # one call per translate_speaker(s) call
