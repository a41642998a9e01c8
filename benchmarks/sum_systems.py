"""The summarizers that benchmarks/quality.py compares, behind one signature.

A system maps ``(doc, budget, k)`` to its output sentences in article order: with
``k`` set it gives ``k`` sentences, else it fills ``budget`` words (ROUGE tokens of
:mod:`rouge_ar`), taking the sentence that crosses the budget (the caller cuts the text).
Lead and Random use :func:`ansum.arabic.segment.segment` on the raw text; sumy uses its own
parser and Arabic tokenizer (which splits at '،'); ansum runs its product path.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass

import rouge_ar

#: Seed of the Random baselines (mixed with the document id).
SEED = 0


@dataclass(frozen=True)
class Doc:
    """One evaluation article: ``refs`` are the reference summaries (strings)."""

    id: str
    text: str
    refs: tuple[str, ...]


#: (document, budget in words, k or None) → output sentences in article order.
System = Callable[[Doc, int, "int | None"], list[str]]


def _n_words(text: str) -> int:
    return len(rouge_ar.rouge_tokens(text))


def fill(units: list[str], order: list[int], budget: int | None, k: int | None) -> list[str]:
    """Take units in ``order`` until ``k`` of them, or until ``budget`` words are reached
    (the unit that crosses the budget is taken and later cut); return them in article order."""
    chosen: list[int] = []
    words = 0
    for i in order:
        if k is not None and len(chosen) >= k:
            break
        if k is None and budget is not None and words >= budget:
            break
        chosen.append(i)
        words += _n_words(units[i])
    return [units[i] for i in sorted(chosen)]


def _raw_sentences(doc: Doc) -> list[str]:
    from ansum.arabic.segment import segment

    return [s.text for s in segment(doc.text)]


def lead(k: int | None) -> System:
    def run(doc: Doc, budget: int, _k: int | None) -> list[str]:
        units = _raw_sentences(doc)
        return fill(units, list(range(len(units))), budget, k)

    return run


def rand(k: int | None) -> System:
    def run(doc: Doc, budget: int, _k: int | None) -> list[str]:
        units = _raw_sentences(doc)
        order = list(range(len(units)))
        random.Random(f"{SEED}:{doc.id}").shuffle(order)
        return fill(units, order, budget, k)

    return run


def sumy_system(kind: str) -> System:
    """sumy LexRank/TextRank as its README sets them up for a language; rank order kept."""
    from sumy.nlp.stemmers import Stemmer
    from sumy.nlp.tokenizers import Tokenizer
    from sumy.parsers.plaintext import PlaintextParser
    from sumy.summarizers.lex_rank import LexRankSummarizer
    from sumy.summarizers.text_rank import TextRankSummarizer
    from sumy.utils import get_stop_words

    cls = {"lexrank": LexRankSummarizer, "textrank": TextRankSummarizer}[kind]
    summarizer = cls(Stemmer("arabic"))
    summarizer.stop_words = get_stop_words("arabic")
    tokenizer = Tokenizer("arabic")

    def run(doc: Doc, budget: int, k: int | None) -> list[str]:
        document = PlaintextParser.from_string(doc.text, tokenizer).document
        ranked: list = []

        def grab(infos):  # sumy passes (sentence, order, rating) sorted by rating, best first
            ranked.extend(infos)
            return infos

        summarizer(document, grab)
        units = [str(s) for s in document.sentences]
        return fill(units, [info.order for info in ranked], budget, k)

    return run


def ansum_system(doc: Doc, budget: int, k: int | None) -> list[str]:
    """ansum's product path (falls back to raw segmentation if the input stage refuses)."""
    from ansum.arabic.segment import segment
    from ansum.errors import InputError
    from ansum.input.read import article_from_text
    from ansum.summary.extractive import extractive_summary, extractive_summary_words

    try:
        body = article_from_text(doc.text, name=doc.id).body
    except InputError:
        body = doc.text
    sentences = segment(body)
    chosen = (extractive_summary(sentences, k) if k is not None
              else extractive_summary_words(sentences, budget))
    return [s.text for s in chosen]
