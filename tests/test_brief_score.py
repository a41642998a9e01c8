"""B-cubed, pair and figure-coverage scorers on hand-made clusterings."""

from __future__ import annotations

import pytest

from ansum.brief.score import (
    bcubed,
    duplicate_pairs,
    figure_coverage,
    groups_from_map,
    pair_scores,
)

GOLD = [["a", "b", "c"], ["d", "e"], ["f"]]


def test_bcubed_perfect():
    s = bcubed(GOLD, GOLD)
    assert (s.precision, s.recall, s.f1, s.n) == (1.0, 1.0, 1.0, 6)


def test_bcubed_all_singletons():
    s = bcubed([[x] for g in GOLD for x in g], GOLD)
    assert s.precision == 1.0
    # recall per item: a,b,c 1/3; d,e 1/2; f 1  -> (1 + 1 + 1) / 6
    assert s.recall == pytest.approx(0.5)


def test_bcubed_one_cluster():
    s = bcubed([["a", "b", "c", "d", "e", "f"]], GOLD)
    assert s.recall == 1.0
    # precision per item: 3/6 x3, 2/6 x2, 1/6 -> (9 + 4 + 1) / 36
    assert s.precision == pytest.approx(14 / 36)


def test_bcubed_hand_computed_mixture():
    # Bagga & Baldwin's worked style: one wrong item moved
    pred = [["a", "b"], ["c", "d", "e"], ["f"]]
    s = bcubed(pred, GOLD)
    p = (1 + 1 + 1 / 3 + 2 / 3 + 2 / 3 + 1) / 6
    r = (2 / 3 + 2 / 3 + 1 / 3 + 1 + 1 + 1) / 6
    assert s.precision == pytest.approx(p)
    assert s.recall == pytest.approx(r)
    assert s.f1 == pytest.approx(2 * p * r / (p + r))


def test_bcubed_missing_items_are_singletons_and_extra_ignored():
    assert bcubed([["a", "b", "zz"]], [["a", "b"], ["c"]]).f1 == 1.0


def test_bcubed_subset_items():
    pred = [["a", "b", "d"], ["c"], ["e"], ["f"]]
    s = bcubed(pred, GOLD, items=["f"])
    assert (s.precision, s.recall, s.n) == (1.0, 1.0, 1)


def test_bcubed_rejects_item_in_two_clusters():
    with pytest.raises(ValueError):
        bcubed([["a"], ["a"]], GOLD)


def test_pairs():
    dups = {"b": "a", "c": "a", "e": "d"}
    pairs = duplicate_pairs(groups_from_map(dups))
    assert pairs == {("a", "b"), ("a", "c"), ("b", "c"), ("d", "e")}
    s = pair_scores(pairs, {("a", "b"), ("x", "y")})
    assert (s.precision, s.recall) == (0.25, 0.5)


def test_figure_coverage_needs_two_reports_with_matching_numbers():
    gold = [
        {
            "about_en": "missiles",
            "reports": [
                {"id": "A", "figure": "110 صواريخ"},
                {"id": "B", "figure": "103 صواريخ كروز"},
                {"id": "C", "figure": "ثلاثة أهداف"},
            ],
        },
        {
            "about_en": "sites",
            "reports": [
                {"id": "A", "figure": "ثلاثة مواقع"},
                {"id": "B", "figure": "ثلاثة أهداف"},
            ],
        },
    ]
    compared = [[("A", "110"), ("B", "٢٠")], [("A", "110"), ("B", "103")]]
    cov = figure_coverage(compared, gold)
    assert (cov.covered, cov.total, cov.missed) == (1, 2, ("sites",))
    # a digit-less report counts only next to one matched by its numbers
    cov = figure_coverage([[("A", "110"), ("C", "3")]], gold)
    assert cov.covered == 1
    assert figure_coverage([[("C", "3"), ("A", "5")]], gold).covered == 0
