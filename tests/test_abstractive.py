"""Chunk → summarize → reduce over a stub Summarizer (ansum.summary.abstractive)."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ansum.arabic.chunk import chunk_by_tokens, split_to_fit
from ansum.errors import EXIT_PARTIAL, BackendError, ConfigError
from ansum.summary.abstractive import AbstractiveResult, TooShortError, summarize_abstractive


def words(text: str) -> int:
    return len(text.split())


class StubSummarizer:
    """Counts words as tokens; the summary of a text is its first ``keep`` words + "."."""

    name = "stub-sum"

    def __init__(self, max_input_tokens: int = 50, keep: int = 12, fn=None):
        self._max = max_input_tokens
        self.keep = keep
        self.fn = fn or (lambda text: " ".join(text.split()[: self.keep]).rstrip(".") + ".")
        self.calls: list[list[str]] = []

    def count_tokens(self, text: str) -> int:
        return words(text)

    @property
    def max_input_tokens(self) -> int:
        return self._max

    def summarize(self, texts: list[str]) -> list[str]:
        self.calls.append(list(texts))
        return [self.fn(t) for t in texts]


VOCAB = (
    "الحكومة الوزير المدينة الاقتصاد المحادثات الرئيس الوفد الاتفاق الأمن "
    "المنطقة البرلمان الشركة السوق النفط المياه"
).split()


def article(n_sentences: int, seed: int = 7, lo: int = 6, hi: int = 20) -> list[str]:
    """A synthetic article: sentences of lo..hi words, some with clause commas."""
    rng = random.Random(seed)
    out = []
    for i in range(n_sentences):
        ws = [rng.choice(VOCAB) for _ in range(rng.randint(lo, hi))]
        if len(ws) > 8:
            ws[len(ws) // 2] += "،"
        out.append(f"ج{i} " + " ".join(ws) + ".")
    return out


def flat_words(chunks: list[list[str]]) -> list[str]:
    return " ".join(" ".join(c) for c in chunks).split()


# --- chunk_by_tokens -------------------------------------------------------------


def test_long_article_gives_several_chunks_within_the_limit():
    sents = article(40)
    chunks = chunk_by_tokens(sents, words, 50)
    assert len(chunks) > 1
    assert all(words(" ".join(c)) <= 50 for c in chunks)
    assert flat_words(chunks) == " ".join(sents).split()  # order kept, nothing dropped
    # sentences that fit are kept whole
    assert [s for c in chunks for s in c] == sents


def test_chunks_are_packed_greedily():
    sents = ["ا ب ج د ه."] * 10  # 5 words each
    chunks = chunk_by_tokens(sents, words, 12)
    assert [len(c) for c in chunks] == [2, 2, 2, 2, 2]


def test_over_long_sentence_is_split_at_clauses_then_words():
    clause = " ".join(["كلمة"] * 30)
    sentence = f"{clause}، {clause}، لكن {clause}."
    chunks = chunk_by_tokens(["قبل.", sentence, "بعد."], words, 40)
    pieces = [p for c in chunks for p in c]
    assert all(words(" ".join(c)) <= 40 for c in chunks)
    assert flat_words(chunks) == ("قبل. " + sentence + " بعد.").split()
    assert pieces[1].endswith("،")  # cut after the first clause
    assert any(p.startswith("لكن") for p in pieces)


def test_sentence_without_clause_marks_is_split_between_words():
    sentence = " ".join(f"w{i}" for i in range(130))
    pieces = split_to_fit(sentence, words, 50)
    assert [words(p) for p in pieces] == [50, 50, 30]
    assert " ".join(pieces) == sentence


def test_a_single_word_longer_than_the_limit_is_cut_not_dropped():
    chars = len  # one token per character
    word = "x" * 25
    pieces = split_to_fit(f"ab {word} cd", chars, 10)
    assert all(chars(p) <= 10 for p in pieces)
    assert "".join(pieces).replace(" ", "") == f"ab{word}cd"


def test_a_limit_that_cannot_hold_a_character_is_a_config_error():
    with pytest.raises(ConfigError, match="cannot hold one character"):
        split_to_fit("كلمة طويلة", lambda text: len(text) + 5, 3)


def test_blank_segments_are_skipped():
    assert chunk_by_tokens(["", "  ", "ا ب."], words, 10) == [["ا ب."]]
    assert chunk_by_tokens([], words, 10) == []


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.integers(min_value=1, max_value=90), min_size=1, max_size=25),
    st.integers(min_value=3, max_value=60),
)
def test_chunking_property(lengths, limit):
    sents = [" ".join(f"s{i}w{j}" for j in range(n)) + "." for i, n in enumerate(lengths)]
    chunks = chunk_by_tokens(sents, words, limit)
    assert all(c and words(" ".join(c)) <= limit for c in chunks)
    assert flat_words(chunks) == " ".join(sents).split()


# --- summarize_abstractive -------------------------------------------------------------


def test_long_article_is_chunked_summarized_in_one_batch_and_reduced():
    stub = StubSummarizer(max_input_tokens=50, keep=12)
    sents = article(60)
    result = summarize_abstractive(sents, stub)
    assert isinstance(result, AbstractiveResult)
    expected_chunks = chunk_by_tokens(sents, words, 50)
    assert result.chunks == len(expected_chunks) > 4
    assert len(stub.calls[0]) == result.chunks  # all chunks in ONE call
    assert stub.calls[0] == [" ".join(c) for c in expected_chunks]
    # chunks x 12 words > 50: reduce rounds happened, one call each
    assert result.rounds == len(stub.calls) >= 2
    assert words(result.text) <= 50
    assert result.sentences and " ".join(result.sentences) == result.text
    assert result.warnings == []


def test_short_enough_article_takes_one_round():
    stub = StubSummarizer(max_input_tokens=500, keep=12)
    sents = article(8)
    result = summarize_abstractive(sents, stub)
    assert (result.chunks, result.rounds, len(stub.calls)) == (1, 1, 1)
    assert result.text == stub.fn(" ".join(sents))


def test_joined_summaries_that_fit_are_not_summarized_again():
    stub = StubSummarizer(max_input_tokens=50, keep=5)
    sents = article(16, lo=8, hi=12)
    result = summarize_abstractive(sents, stub)
    assert result.chunks * 5 <= 50 and result.chunks > 1
    assert result.rounds == 1
    assert len(result.sentences) == result.chunks  # one sentence per chunk summary


def test_too_few_sentences_are_not_sent_to_the_model():
    stub = StubSummarizer()
    with pytest.raises(TooShortError) as info:
        summarize_abstractive(["جملة أولى.", "  ", "جملة ثانية.", "جملة ثالثة."], stub)
    assert (info.value.sentences, info.value.min_sentences) == (3, 4)
    assert info.value.exit_code == EXIT_PARTIAL
    assert stub.calls == []
    assert summarize_abstractive(article(2), stub, min_sentences=2).rounds == 1


def test_a_summarizer_that_never_shrinks_stops_after_max_rounds():
    stub = StubSummarizer(max_input_tokens=50, fn=lambda text: text)  # echoes its input
    result = summarize_abstractive(article(30), stub, max_rounds=3)
    assert result.rounds == 3 == len(stub.calls)
    assert len(result.warnings) == 1 and "after 3 rounds" in result.warnings[0]
    assert words(result.text) > 50


def test_empty_chunk_summaries_are_warned_about_and_all_empty_is_an_error():
    outputs = iter(["", "ملخص قصير."] * 50)
    stub = StubSummarizer(max_input_tokens=50, fn=lambda text: next(outputs))
    result = summarize_abstractive(article(20), stub)
    assert "came back empty" in result.warnings[0]
    assert result.text.startswith("ملخص قصير.")
    with pytest.raises(BackendError, match="only empty summaries"):
        summarize_abstractive(article(20), StubSummarizer(fn=lambda text: "  "))


def test_wrong_length_from_backend_is_an_error():
    stub = StubSummarizer(max_input_tokens=50)
    stub.summarize = lambda texts: ["x."]
    with pytest.raises(BackendError, match="returned 1 summaries"):
        summarize_abstractive(article(30), stub)
