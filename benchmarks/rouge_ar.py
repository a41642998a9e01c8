"""Arabic-aware ROUGE-1/2/L F1, multi-reference scoring and a bootstrap confidence interval.

Why not ``rouge_score`` as it is: its default tokenizer lowercases, replaces every
character outside ``[a-z0-9]`` by a space and splits, so an Arabic text has no
tokens at all and every score is 0 (``tests/test_quality.py`` shows it).  Here
both sides go through the same steps: :func:`ansum.arabic.normalize.normalize` (diacritics and
tatweel removed, alef/hamza/ya/ta-marbuta forms unified, Arabic-Indic digits to
ASCII), then :func:`ansum.arabic.normalize.tokens` (runs of letters/digits; punctuation
dropped), and optionally :func:`ansum.arabic.stem.light_stem` (Light10) on every token.
No stopwords are removed (as in the original ROUGE).

Metrics follow Lin, "ROUGE: A Package for Automatic Evaluation of Summaries"
(ACL Workshop 2004): ROUGE-N counts clipped n-gram matches; ROUGE-L is the
longest common subsequence of the two whole token sequences (``rougeL`` of
``rouge_score``, not the sentence-level ``rougeLsum``).  F1 is the harmonic mean
of precision and recall (beta = 1).  Several references are combined by the
*mean* of the per-reference F1 (not the max, not a pooled count).

The LCS uses the bit-parallel algorithm of Allison & Dix ("A bit-string
longest-common-subsequence algorithm", IPL 1986) in the formulation of Hyyrö
("Bit-parallel LCS-length computation revisited", 2004), with Python integers as
bit vectors: O(len(b)) big-integer operations instead of an O(len(a) * len(b)) table.

This module imports only the standard library and :mod:`ansum.arabic`.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from ansum.arabic.normalize import normalize, tokens
from ansum.arabic.stem import light_stem

#: Metric names, in table order.
METRICS = ("rouge1", "rouge2", "rougeL")


def rouge_tokens(text: str, *, stem: bool = False) -> list[str]:
    """Tokenize ``text`` for ROUGE: normalize, split into word tokens, optionally light-stem.

    Args:
        text: any string (Arabic, Latin, digits, punctuation).
        stem: apply :func:`ansum.arabic.stem.light_stem` (Larkey et al. 2007) to each token.

    Returns:
        The tokens in order (a list of ``str``); punctuation is dropped and numbers
        keep their inner ``. , : /`` (``3.5``).  Empty for text without letters/digits.
    """
    toks = [t for t, _, _ in tokens(normalize(text))]
    if stem:
        toks = [light_stem(t) for t in toks]
    return toks


@dataclass(frozen=True)
class PRF:
    """Precision, recall and F1 of one candidate against one reference, each in [0, 1]."""

    precision: float
    recall: float
    f1: float


def _prf(matches: int, cand_total: int, ref_total: int) -> PRF:
    p = matches / cand_total if cand_total else 0.0
    r = matches / ref_total if ref_total else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return PRF(p, r, f)


def _ngrams(toks: Sequence[str], n: int) -> Counter[tuple[str, ...]]:
    return Counter(tuple(toks[i : i + n]) for i in range(len(toks) - n + 1))


def rouge_n(candidate: Sequence[str], reference: Sequence[str], n: int) -> PRF:
    """ROUGE-N of two token sequences: clipped n-gram overlap (Lin 2004).

    Args:
        candidate: system tokens (from :func:`rouge_tokens`).
        reference: reference tokens.
        n: n-gram order, ≥ 1.

    Returns:
        :class:`PRF`; all zero when either side has fewer than ``n`` tokens.

    Raises:
        ValueError: ``n`` < 1.
    """
    if n < 1:
        raise ValueError("n must be at least 1")
    cand, ref = _ngrams(candidate, n), _ngrams(reference, n)
    matches = sum(min(c, ref[g]) for g, c in cand.items())
    return _prf(matches, sum(cand.values()), sum(ref.values()))


def lcs_length(a: Sequence[str], b: Sequence[str]) -> int:
    """Length of the longest common subsequence of two token sequences.

    Bit-parallel (Allison & Dix 1986; Hyyrö 2004): bit i of ``v`` is 1 while
    ``a[i]`` is not yet matched; per token of ``b``, ``u = v & match[tok]`` and
    ``v = (v + u) | (v - u)``.  The LCS length is the number of zero bits of ``v``.
    """
    if not a or not b:
        return 0
    match: dict[str, int] = {}
    for i, tok in enumerate(a):
        match[tok] = match.get(tok, 0) | (1 << i)
    full = (1 << len(a)) - 1
    v = full
    for tok in b:
        m = match.get(tok)
        if m is None:
            continue
        u = v & m
        v = ((v + u) | (v - u)) & full
    return len(a) - bin(v).count("1")


def rouge_l(candidate: Sequence[str], reference: Sequence[str]) -> PRF:
    """ROUGE-L of two token sequences: LCS / len(candidate) and LCS / len(reference)."""
    return _prf(lcs_length(candidate, reference), len(candidate), len(reference))


def score(candidate: Sequence[str], references: Sequence[Sequence[str]]) -> dict[str, float]:
    """ROUGE-1/2/L F1 of one candidate against one or more references.

    Args:
        candidate: system tokens.
        references: one token list per reference (at least one).

    Returns:
        ``{"rouge1": f, "rouge2": f, "rougeL": f}``, each the **mean over references**
        of the per-reference F1, in [0, 1].

    Raises:
        ValueError: no reference.
    """
    if not references:
        raise ValueError("at least one reference is needed")
    total = dict.fromkeys(METRICS, 0.0)
    for ref in references:
        total["rouge1"] += rouge_n(candidate, ref, 1).f1
        total["rouge2"] += rouge_n(candidate, ref, 2).f1
        total["rougeL"] += rouge_l(candidate, ref).f1
    return {k: v / len(references) for k, v in total.items()}


@dataclass(frozen=True)
class Interval:
    """A mean and its percentile bootstrap confidence interval (same units as the values)."""

    mean: float
    low: float
    high: float


def bootstrap_indices(n_items: int, resamples: int = 1000, seed: int = 0) -> list[list[int]]:
    """Draw ``resamples`` resamples (with replacement) of ``range(n_items)``.

    Share the result across systems so that their intervals (and paired
    differences) come from the same resampled document sets.

    Returns:
        A list of ``resamples`` lists, each of ``n_items`` indices in ``[0, n_items)``;
        the same for the same ``(n_items, resamples, seed)``.
    """
    rng = random.Random(seed)
    return [[rng.randrange(n_items) for _ in range(n_items)] for _ in range(resamples)]


def bootstrap_ci(
    values: Sequence[float],
    *,
    resamples: int = 1000,
    seed: int = 0,
    level: float = 0.95,
    indices: list[list[int]] | None = None,
) -> Interval:
    """Mean of ``values`` with a percentile bootstrap confidence interval over items.

    Efron & Tibshirani, "An Introduction to the Bootstrap" (1993), ch. 13: resample
    the items (here: documents) with replacement, take the mean of each resample,
    and report the ``(1 - level) / 2`` and ``(1 + level) / 2`` quantiles of those means.

    Args:
        values: one value per document (e.g. its ROUGE-2 F1).
        resamples: number of bootstrap resamples (ignored when ``indices`` is given).
        seed: seed of :class:`random.Random` (fixed, so runs are reproducible).
        level: confidence level in (0, 1).
        indices: precomputed resamples from :func:`bootstrap_indices`.

    Returns:
        :class:`Interval` ``(mean, low, high)``.

    Raises:
        ValueError: empty ``values``, ``level`` outside (0, 1), or indices out of range.
    """
    n = len(values)
    if n == 0:
        raise ValueError("no values to bootstrap")
    if not 0.0 < level < 1.0:
        raise ValueError("level must be in (0, 1)")
    if indices is None:
        indices = bootstrap_indices(n, resamples, seed)
    means = sorted(sum(values[i] for i in sample) / len(sample) for sample in indices)
    lo_k = int((1.0 - level) / 2 * (len(means) - 1) + 0.5)
    hi_k = int((1.0 + level) / 2 * (len(means) - 1) + 0.5)
    return Interval(sum(values) / n, means[lo_k], means[hi_k])


def truncate(toks: Sequence[str], budget: int) -> list[str]:
    """Return the first ``budget`` tokens (the ROUGE length limit, cut at the end)."""
    return list(toks[: max(budget, 0)])
