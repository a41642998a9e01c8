"""Exact and near-duplicate articles.

API::

    dups = find_duplicates(features)              # {duplicate id: original id}
    dups = find_duplicates(features, DedupOptions(near_threshold=0.9))

Two articles are duplicates when their normalized bodies hash the same
(``ArticleFeatures.text_hash``: same words after normalization) or when the estimated
Jaccard resemblance of their word-3-shingle sets is at least ``near_threshold`` (a
republished text with a sentence added or a typo fixed).  Candidates for the second test
come from MinHash LSH (:mod:`ansum.brief.minhash`), so the cost is about linear in the
number of articles.

Duplicates are joined transitively (union-find); in each group the *original* is the
earliest article (``time_s``; unknown times count as latest), ties broken by input order.
Every other member maps to it, so a caller keeps the original and lists the rest under it
with ``duplicate_of``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ansum.brief.features import ArticleFeatures
from ansum.brief.minhash import candidate_pairs, resemblance


@dataclass(frozen=True)
class DedupOptions:
    """Attributes:
    near_threshold: smallest estimated resemblance in [0, 1] for a near duplicate.  0.8
        is above the resemblance of two different reports of one event (they share
        names, rarely 3-word runs: at most 0.44 on the 2018-04-14 day) and below that of a
        re-edited copy (one paragraph changed in ten: ≈ 0.9); cf. Broder 1997, who
        clustered at 0.5, and Henzinger 2006 for near-duplicate web pages.
    bands, rows: LSH banding (16 × 4 of the 64 slots: candidate probability ≈ 0.9998 at
        resemblance 0.8).
    min_words: bodies shorter than this many words are only exact duplicates (a
        one-line text shares most shingles with any other that quotes it).
    """

    near_threshold: float = 0.8
    bands: int = 16
    rows: int = 4
    min_words: int = 20


DEFAULT_DEDUP = DedupOptions()


def _find(parent: list[int], i: int) -> int:
    while parent[i] != i:
        parent[i] = parent[parent[i]]
        i = parent[i]
    return i


def find_duplicates(
    features: Sequence[ArticleFeatures], options: DedupOptions = DEFAULT_DEDUP,
    candidates: Iterable[tuple[int, int]] | None = None,
) -> dict[str, str]:
    """Map each duplicate article id to the id of its original.

    Args:
        features: one :class:`ArticleFeatures` per article, ids unique.
        options: :class:`DedupOptions`.
        candidates: the LSH candidate pairs of indexes into ``features``, when computed
            elsewhere (e.g. :func:`ansum.brief.ray_stages.band_keys` on Ray); they must
            be those :func:`~ansum.brief.minhash.candidate_pairs` gives for the
            signatures of articles of at least ``options.min_words`` words.

    Returns:
        ``{duplicate_id: original_id}``; articles that are no one's duplicate, and the
        originals themselves, are absent.  An original never maps to anything.

    Raises:
        ValueError: two features share an id.
    """
    index = {f.id: i for i, f in enumerate(features)}
    if len(index) != len(features):
        raise ValueError("article ids must be unique")
    parent = list(range(len(features)))

    def union(a: int, b: int) -> None:
        ra, rb = _find(parent, a), _find(parent, b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    by_hash: dict[str, int] = {}
    for i, f in enumerate(features):
        j = by_hash.setdefault(f.text_hash, i)
        if j != i:
            union(i, j)
    if candidates is None:
        sigs = [(i, f.minhash) for i, f in enumerate(features)
                if f.n_words >= options.min_words]
        candidates = candidate_pairs(sigs, bands=options.bands, rows=options.rows)
    for a, b in candidates:
        if resemblance(features[a].minhash, features[b].minhash) >= options.near_threshold:
            union(a, b)

    groups: dict[int, list[int]] = {}
    for i in range(len(features)):
        groups.setdefault(_find(parent, i), []).append(i)
    out: dict[str, str] = {}
    for members in groups.values():
        if len(members) < 2:
            continue
        first = min(members, key=lambda i: (features[i].time_s is None, features[i].time_s or 0, i))
        for i in members:
            if i != first:
                out[features[i].id] = features[first].id
    return out
