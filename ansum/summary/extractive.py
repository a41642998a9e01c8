"""Extractive summary: graph-based sentence ranking with a position prior.

The ranker is LexRank (Erkan & Radev, "LexRank: Graph-based Lexical Centrality as
Salience in Text Summarization", JAIR 2004): sentences are nodes, edges carry the
TF-IDF cosine similarity of their terms, and a sentence's salience is its
PageRank.  News puts its most important facts first, so the random walk teleports
according to a position prior instead of uniformly (personalized PageRank, as in
the position-biased variants of TextRank/LexRank, e.g. Zheng & Lapata, "Sentence
Centrality Revisited for Unsupervised Summarization", ACL 2019).  Terms are
normalized, light-stemmed Arabic tokens without stopwords
(:func:`ansum.arabic.stem.content_terms`).  A redundancy filter (maximal marginal
relevance, Carbonell & Goldstein, SIGIR 1998) keeps near-duplicate sentences out.
In an interview (several questions, but not mostly questions) questions are demoted
(:data:`QUESTION_WEIGHT`), so it is summarized by its answers.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import islice

from ansum.arabic.normalize import arabic_letter_count, normalize, tokens
from ansum.arabic.stem import content_terms
from ansum.schema import Sentence

#: PageRank damping factor (Brin & Page 1998; LexRank uses 0.85 as well).
DAMPING = 0.85
#: Position prior: weight of sentence i of n is ((n - i) / n) ** POSITION_POWER, a decay
#: over the *relative* position (Edmundson 1969's location cue).  Tuned on EASC and the
#: BBC set (benchmarks/quality.py): 2.0 (was 1 / (i + 1), an absolute-position decay).
POSITION_POWER = 2.0
#: Share of the final score taken by the position prior directly (lead bias of news and
#: encyclopedia articles).  Tuned as above: 0.8 (was 0.35).
POSITION_MIX = 0.8
#: A candidate whose cosine with an already chosen sentence exceeds this is skipped.
REDUNDANCY_COSINE = 0.6
#: Sentences with fewer content terms than this are not picked (datelines, captions).
MIN_TERMS = 4
#: A sentence of w > LONG_WORDS words has its score multiplied by LONG_WORDS / w: run-on
#: "sentences" (often several sentences whose periods lack a following space) are rarely
#: what people pick (EASC) and eat a length budget.  Tuned as above: 50 (was no penalty).
LONG_WORDS = 50
#: Score factor of a question ("…؟", "…?") in an interview: in an interview the
#: interviewer's questions are central (they name the topics) but the answers carry the
#: news.  0.2 makes an answer beat a question anywhere near it (assabah_tn_164913.html:
#: three questions were the summary).  The article's first sentence keeps its weight:
#: a feature that opens on a question ("…، ولكن هل يمكن …؟") is summarized by it (BBC).
QUESTION_WEIGHT = 0.2
#: An article is treated as an interview when at least this many of its pickable
#: sentences are questions...  A feature story that opens on one hook question ("هل
#: ترغب في …؟") is not: BBC's summaries often restate such a lead (4 of the 300 BBC
#: articles changed with a threshold of 1, ROUGE-1 −0.4; none with 3).
MIN_QUESTIONS = 3
#: ... and at most this share of them (more: a quiz or a list of questions, whose
#: questions keep their full weight).
MOSTLY_QUESTIONS = 0.5
#: Only the first this many sentences form the graph (bounds time: O(n^2) pairs).
MAX_GRAPH_SENTENCES = 500
#: Power-iteration stop: L1 change below this, or after MAX_ITERATIONS.
TOLERANCE = 1e-6
MAX_ITERATIONS = 100


@dataclass(frozen=True)
class RankedSentence:
    """A sentence index and its salience score (higher is more central)."""

    index: int
    score: float


def _tfidf_vectors(term_lists: list[list[str]]) -> list[dict[str, float]]:
    n = len(term_lists)
    df: Counter[str] = Counter()
    for terms in term_lists:
        df.update(set(terms))
    vectors = []
    for terms in term_lists:
        tf = Counter(terms)
        vec = {t: c * (math.log((n + 1) / (df[t] + 0.5)) + 1.0) for t, c in tf.items()}
        norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
        vectors.append({t: v / norm for t, v in vec.items()})
    return vectors


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(t, 0.0) for t, v in a.items())


def _pagerank(sim: list[list[float]], prior: list[float]) -> list[float]:
    n = len(sim)
    out_sum = [sum(row) for row in sim]
    rank = prior[:]
    for _ in range(MAX_ITERATIONS):
        new = [(1.0 - DAMPING) * p for p in prior]
        for j in range(n):
            if out_sum[j] == 0.0:
                # dangling node: redistribute by the prior
                share = DAMPING * rank[j]
                for i in range(n):
                    new[i] += share * prior[i]
                continue
            share = DAMPING * rank[j] / out_sum[j]
            row = sim[j]
            for i in range(n):
                if row[i]:
                    new[i] += share * row[i]
        delta = sum(abs(x - y) for x, y in zip(new, rank, strict=True))
        rank = new
        if delta < TOLERANCE:
            break
    return rank


def rank_sentences(sentences: list[Sentence]) -> list[RankedSentence]:
    """Score every sentence by position-biased LexRank.

    Args:
        sentences: the article's sentences, in order (from :func:`ansum.arabic.segment.segment`).

    Returns:
        One :class:`RankedSentence` per input sentence, in article order; scores are
        in [0, 1] (max-normalized).  Sentences that cannot be picked (fewer than
        ``MIN_TERMS`` content terms, no Arabic letters, or beyond
        ``MAX_GRAPH_SENTENCES``) score 0.
    """
    return _rank(sentences)[0]


def _rank(sentences: list[Sentence]) -> tuple[list[RankedSentence], list[list[str]]]:
    """:func:`rank_sentences`, and the content terms of the first
    ``MAX_GRAPH_SENTENCES`` sentences (by position) that it computed."""
    n = min(len(sentences), MAX_GRAPH_SENTENCES)
    if n == 0:
        return [], []
    terms = [content_terms(s.text) for s in sentences[:n]]
    vectors = _tfidf_vectors(terms)
    sim = [[0.0] * n for _ in range(n)]
    for i in range(n):
        for j in range(i + 1, n):
            c = _cosine(vectors[i], vectors[j])
            if c > 0.0:
                sim[i][j] = sim[j][i] = c
    prior = [((n - i) / n) ** POSITION_POWER for i in range(n)]
    total = sum(prior)
    prior = [p / total for p in prior]
    centrality = _pagerank(sim, prior)
    top_c = max(centrality) or 1.0
    top_p = max(prior)
    pickable = [i < n and len(terms[i]) >= MIN_TERMS and arabic_letter_count(s.text) > 0
                for i, s in enumerate(sentences)]
    questions = [ok and is_question(s.text) for ok, s in zip(pickable, sentences, strict=True)]
    demote = MIN_QUESTIONS <= sum(questions) <= MOSTLY_QUESTIONS * sum(pickable)
    scores = []
    for i, s in enumerate(sentences):
        if not pickable[i]:
            scores.append(RankedSentence(s.index, 0.0))
            continue
        score = (1 - POSITION_MIX) * centrality[i] / top_c + POSITION_MIX * prior[i] / top_p
        words = word_count(s.text)
        if words > LONG_WORDS:
            score *= LONG_WORDS / words
        if demote and questions[i] and i > 0:  # a lead that asks is the story's hook
            score *= QUESTION_WEIGHT
        scores.append(RankedSentence(s.index, score))
    return scores, terms


def is_question(text: str) -> bool:
    """Whether a sentence ends with a question mark (Arabic "؟" or "?"), closing quotes
    and brackets aside."""
    return text.rstrip().rstrip("\"'»”’)]").rstrip().endswith(("؟", "?"))


def _pick_order(sentences: list[Sentence]) -> Iterator[Sentence]:
    """Pickable sentences in the order they would be chosen: best score first,
    skipping any whose cosine with an earlier pick exceeds ``REDUNDANCY_COSINE``.

    A generator, so a caller that needs only the first few stops the redundancy
    checks there."""
    ranked, terms = _rank(sentences)
    # a pickable sentence scores > 0, so its position is below MAX_GRAPH_SENTENCES
    order = sorted((pos for pos, r in enumerate(ranked) if r.score > 0.0),
                   key=lambda pos: (-ranked[pos].score, ranked[pos].index))
    picked_vecs: list[dict[str, float]] = []
    for pos in order:
        vec = _tfidf_vectors([terms[pos]])[0]
        if any(_cosine(vec, v) > REDUNDANCY_COSINE for v in picked_vecs):
            continue
        picked_vecs.append(vec)
        yield sentences[pos]


def extractive_summary(sentences: list[Sentence], n: int = 3) -> list[Sentence]:
    """Pick the ``n`` most salient, non-redundant sentences.

    Args:
        sentences: the article's sentences, in order.
        n: number of sentences wanted (≥ 1).  Fewer are returned when the article
            has fewer pickable sentences.

    Returns:
        The chosen sentences in article order (a list of at most ``n``).  When no
        sentence is pickable (all too short), the first ``n`` non-empty sentences.

    Raises:
        ValueError: ``n`` < 1.
    """
    if n < 1:
        raise ValueError("n must be at least 1")
    picked = list(islice(_pick_order(sentences), n))
    if not picked:
        return sentences[:n]
    return sorted(picked, key=lambda s: s.index)


def word_count(text: str) -> int:
    """Number of words in ``text``: tokens of :func:`ansum.arabic.normalize.tokens` after
    :func:`ansum.arabic.normalize.normalize` (so diacritics never split a word)."""
    return len(tokens(normalize(text)))


def extractive_summary_words(sentences: list[Sentence], max_words: int) -> list[Sentence]:
    """Pick salient, non-redundant sentences until they hold ``max_words`` words.

    Sentences are taken in the order of :func:`extractive_summary` until their
    words (:func:`word_count`) reach ``max_words``; the sentence that crosses the
    budget is included, so a caller that needs an exact length cuts the text.

    Args:
        sentences: the article's sentences, in order.
        max_words: the word budget (≥ 1).

    Returns:
        The chosen sentences in article order; all pickable, non-redundant ones
        when together they are shorter than the budget; the lead sentences (same rule) when no
        sentence is pickable.

    Raises:
        ValueError: ``max_words`` < 1.
    """
    if max_words < 1:
        raise ValueError("max_words must be at least 1")
    picked = list(_pick_order(sentences)) or list(sentences)
    chosen: list[Sentence] = []
    words = 0
    for s in picked:
        if words >= max_words:
            break
        chosen.append(s)
        words += word_count(s.text)
    return sorted(chosen, key=lambda s: s.index)
