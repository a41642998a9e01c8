"""Scorers for stories, duplicates and figures compared (used by benchmarks and tests).

API::

    bcubed(predicted, gold) -> PRF            # clusterings: iterables of id lists
    duplicate_pairs(groups) -> set[(a, b)]    # all unordered pairs inside each group
    pair_scores(predicted_pairs, gold_pairs) -> PRF
    figure_coverage(compared, gold_items) -> FigureCoverage

Precision, recall and F1 are fractions in [0, 1]; a score with nothing to score is 0
(recall with no gold, precision with no prediction), except that B-cubed of two empty
clusterings is 1.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from ansum.claims.figures import figure_numbers


@dataclass(frozen=True)
class PRF:
    """Precision, recall, F1 in [0, 1], and how many items or pairs were scored."""

    precision: float
    recall: float
    f1: float
    n: int = 0


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def _labels(clusters: Iterable[Iterable[str]]) -> dict[str, int]:
    out: dict[str, int] = {}
    for k, cluster in enumerate(clusters):
        for item in cluster:
            if item in out:
                raise ValueError(f"{item!r} is in two clusters")
            out[item] = k
    return out


def bcubed(
    predicted: Iterable[Iterable[str]],
    gold: Iterable[Iterable[str]],
    *,
    items: Iterable[str] | None = None,
) -> PRF:
    """B-cubed precision, recall and F1 of a clustering against a gold one.

    For every item ``i`` with predicted cluster ``C(i)`` and gold cluster ``G(i)``:
    ``P(i) = |C(i) ∩ G(i)| / |C(i)|`` and ``R(i) = |C(i) ∩ G(i)| / |G(i)|``; P and R
    are their means over the gold items (equal weights), F1 their harmonic mean
    (Bagga & Baldwin, "Entity-based cross-document coreferencing using the vector space
    model", COLING-ACL 1998; Amigó et al., "A comparison of extrinsic clustering
    evaluation metrics", Information Retrieval 2009).  Predicted items that are not in
    the gold are ignored; gold items missing from the prediction count as singletons.
    ``items`` (a subset of the gold items, e.g. one site's) restricts the means to them
    while clusters keep all their members: the full score decomposed by subset.

    Raises:
        ValueError: an item is in two clusters of the same clustering.
    """
    g = _labels(gold)
    c = _labels(predicted)
    if not g:
        return PRF(1.0, 1.0, 1.0, 0)
    c_members: dict[object, set[str]] = {}
    for item in g:
        key = c.get(item, ("alone", item))
        c_members.setdefault(key, set()).add(item)
    g_members: dict[int, set[str]] = {}
    for item, k in g.items():
        g_members.setdefault(k, set()).add(item)
    scored = [i for i in items if i in g] if items is not None else list(g)
    if not scored:
        return PRF(0.0, 0.0, 0.0, 0)
    p_sum = r_sum = 0.0
    for item in scored:
        k = g[item]
        mine = c_members[c.get(item, ("alone", item))]
        theirs = g_members[k]
        both = len(mine & theirs)
        p_sum += both / len(mine)
        r_sum += both / len(theirs)
    p, r = p_sum / len(scored), r_sum / len(scored)
    return PRF(p, r, _f1(p, r), len(scored))


def duplicate_pairs(groups: Iterable[Iterable[str]]) -> set[tuple[str, str]]:
    """All unordered pairs ``(a, b)``, ``a < b``, of items in the same group."""
    out = set()
    for group in groups:
        items = sorted(set(group))
        out.update((a, b) for i, a in enumerate(items) for b in items[i + 1 :])
    return out


def groups_from_map(duplicates: Mapping[str, str]) -> list[list[str]]:
    """``{duplicate: original}`` → groups ``[original, duplicate, …]``."""
    out: dict[str, list[str]] = {}
    for dup, orig in duplicates.items():
        out.setdefault(orig, [orig]).append(dup)
    return list(out.values())


def pair_scores(predicted: set[tuple[str, str]], gold: set[tuple[str, str]]) -> PRF:
    """Precision and recall of predicted pairs against gold pairs (both ``a < b``)."""
    tp = len(predicted & gold)
    p = tp / len(predicted) if predicted else 0.0
    r = tp / len(gold) if gold else 0.0
    return PRF(p, r, _f1(p, r), len(gold))


@dataclass(frozen=True)
class FigureCoverage:
    """Attributes:
    covered: gold figure items with at least ``need`` of their reports shown together
        in one compared figure.
    total: gold figure items scored.
    missed: ``about`` labels of the items not covered.
    """

    covered: int
    total: int
    missed: tuple[str, ...] = ()

    @property
    def rate(self) -> float:
        return self.covered / self.total if self.total else 0.0


def _gold_numbers(text: str) -> set[str]:
    return set(figure_numbers(re.sub(r"[()]", " ", text)))


def figure_coverage(
    compared: Sequence[Sequence[tuple[str, str]]],
    gold_items: Sequence[Mapping[str, object]],
    *,
    need: int = 2,
) -> FigureCoverage:
    """How many gold figure items the compared figures cover.

    Args:
        compared: for each compared figure, its reports as ``(article_id, figure_text)``
            (``ComparedFigure`` reports give them).
        gold_items: the stories file's ``figures`` entries (``about_en``, ``reports`` of
            ``{id, speaker, figure}``).
        need: reports of one gold item that must appear in one compared figure.

    A gold report is shown by a compared report of the same article whose figure's
    numbers (:func:`ansum.claims.figures.figure_numbers`) share one with the gold figure
    text; a gold figure without digits ("ثلاثة أهداف") is shown by any report of its
    article, but only in a compared figure that shows another report by its numbers.
    Several gold reports of one article (a figure and its headline variant) count once.
    """
    covered = 0
    missed = []
    for item in gold_items:
        reports = item["reports"]
        best = 0
        for group in compared:
            by_number, by_article = set(), set()
            for rep in reports:
                gold_nums = _gold_numbers(str(rep["figure"]))
                for art, text in group:
                    if art != rep["id"]:
                        continue
                    if gold_nums and gold_nums & set(figure_numbers(text)):
                        by_number.add(rep["id"])
                    elif not gold_nums:
                        by_article.add(rep["id"])
            best = max(best, len(by_number | by_article) if by_number else 0)
        if best >= need:
            covered += 1
        else:
            missed.append(str(item.get("about_en", "")))
    return FigureCoverage(covered, len(gold_items), tuple(missed))
