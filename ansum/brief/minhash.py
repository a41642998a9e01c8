"""MinHash signatures by one-permutation hashing, and LSH banding over them.

A signature estimates the Jaccard resemblance of two sets of shingles (Broder, "On the
resemblance and containment of documents", 1997): the fraction of equal slots is an
unbiased estimate of ``|A ∩ B| / |A ∪ B|``.

Instead of ``k`` hash functions per shingle, each shingle is hashed once (64-bit BLAKE2b)
and the top :data:`SLOT_BITS` bits pick one of ``k = 2**SLOT_BITS`` slots, each slot keeping
its smallest remaining value: *one-permutation hashing* (Li, Owen & Zhang, "One
Permutation Hashing", NIPS 2012).  Empty slots (short texts) are filled by *rotation
densification* (Shrivastava & Li, "Densifying One Permutation Hashing via Rotation for
Fast Near Neighbor Search", ICML 2014): an empty slot takes the value of the next
non-empty slot to its right (circularly) plus ``distance * OFFSET``.  Cost: one hash per
shingle, pure Python, no numpy.

Candidate pairs come from LSH banding (Indyk & Motwani 1998; Leskovec, Rajaraman &
Ullman, *Mining of Massive Datasets*, ch. 3.4): ``bands`` bands of ``rows`` slots; two
signatures that agree on a whole band are candidates.  With the defaults (16 bands of 4
rows) a pair of resemblance 0.8 becomes a candidate with probability
``1 - (1 - 0.8**4)**16 ≈ 0.9998``; one of 0.3, ≈ 0.12.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Hashable, Iterable, Sequence

#: ``k = 2**SLOT_BITS`` = 64 slots per signature.
SLOT_BITS = 6
SLOTS = 1 << SLOT_BITS
_VALUE_BITS = 64 - SLOT_BITS
_VALUE_MASK = (1 << _VALUE_BITS) - 1
#: Added per slot of distance by rotation densification (larger than any value).
OFFSET = 1 << _VALUE_BITS
#: Signature of an empty set: never equal to a real one.
EMPTY = (-1,) * SLOTS


def hash64(token: str) -> int:
    """A stable 64-bit hash of ``token`` (BLAKE2b, 8 bytes; same in every process)."""
    return int.from_bytes(hashlib.blake2b(token.encode("utf-8"), digest_size=8).digest(), "big")


def shingles(words: Sequence[str], n: int = 3) -> set[str]:
    """Word ``n``-grams of ``words`` joined by a space; a shorter list gives one shingle.

    Returns:
        A set of strings (empty only when ``words`` is empty).
    """
    if len(words) <= n:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i : i + n]) for i in range(len(words) - n + 1)}


def signature(items: Iterable[str]) -> tuple[int, ...]:
    """One-permutation MinHash of a set of strings: a tuple of :data:`SLOTS` ints.

    Empty input gives :data:`EMPTY` (resemblance 0 with everything, itself included).
    """
    slots: list[int | None] = [None] * SLOTS
    for item in items:
        h = hash64(item)
        slot, value = h >> _VALUE_BITS, h & _VALUE_MASK
        old = slots[slot]
        if old is None or value < old:
            slots[slot] = value
    if all(v is None for v in slots):
        return EMPTY
    out = []
    for i in range(SLOTS):
        d = 0
        while slots[(i + d) % SLOTS] is None:
            d += 1
        out.append(slots[(i + d) % SLOTS] + d * OFFSET)
    return tuple(out)


def resemblance(a: Sequence[int], b: Sequence[int]) -> float:
    """Estimated Jaccard resemblance in [0, 1] of two signatures (fraction of equal slots)."""
    if a[0] == -1 or b[0] == -1:
        return 0.0
    return sum(x == y for x, y in zip(a, b, strict=True)) / len(a)


def candidate_pairs(
    signatures: Iterable[tuple[Hashable, Sequence[int]]], *, bands: int = 16, rows: int = 4
) -> set[tuple[Hashable, Hashable]]:
    """Pairs of keys whose signatures agree on at least one band.

    Args:
        signatures: ``(key, signature)`` pairs; keys must be orderable and distinct.
        bands, rows: ``bands * rows`` must not exceed the signature length.

    Returns:
        A set of ``(a, b)`` with ``a < b``.  Empty signatures are never candidates.

    Raises:
        ValueError: ``bands * rows`` is larger than :data:`SLOTS`.
    """
    if bands * rows > SLOTS:
        raise ValueError(f"bands * rows = {bands * rows} exceeds the {SLOTS} slots")
    buckets: dict[tuple, list] = defaultdict(list)
    for key, sig in signatures:
        if sig[0] == -1:
            continue
        for b in range(bands):
            buckets[(b, *sig[b * rows : (b + 1) * rows])].append(key)
    pairs = set()
    for keys in buckets.values():
        if len(keys) > 1:
            keys = sorted(keys)
            pairs.update((x, y) for i, x in enumerate(keys) for y in keys[i + 1 :])
    return pairs
