"""The key claims of an article: the best-scored claims, spread over speakers."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ansum.arabic.normalize import normalize, tokens
from ansum.arabic.stem import light_stem
from ansum.claims.attribution import Attribution
from ansum.claims.detect import detect_with_attributions
from ansum.schema import Claim, Sentence

_REPEAT_SPEAKER_FACTOR = 0.75  # key_claims: score factor per earlier pick of the same speaker


def _speaker_key(attr: Attribution | None) -> str | None:
    """The whole normalized (explicit or inherited) speaker name, or None.

    Not its last word: "روبرتو أزيفيدو المدير العام لمنظمة التجارة العالمية" and
    "منظمة التجارة العالمية" are two voices; see :func:`_same_speaker` for short forms."""
    if attr is None or not attr.speaker_name:
        return None
    words = tokens(normalize(attr.speaker_name))
    return " ".join(w for w, _, _ in words) or None


def _same_speaker(short: str, long: str) -> bool:
    """Is ``short`` a contiguous word run of ``long`` ("بيسكوف" of "ديميتري بيسكوف")?"""
    a, b = short.split(), long.split()
    return any(b[i : i + len(a)] == a for i in range(len(b) - len(a) + 1))


def _merge_short_forms(pairs: list[tuple[Claim, str | None]]) -> list[tuple[Claim, str | None]]:
    """Give a speaker key that is a word run of an earlier key that earlier key."""
    out: list[tuple[Claim, str | None]] = []
    seen: list[str] = []
    for claim, key in pairs:
        if key:
            key = next((k for k in reversed(seen) if _same_speaker(key, k)), key)
            seen.append(key)
        out.append((claim, key))
    return out


def _with_coreferent_keys(items: list) -> list[tuple[Claim, str | None]]:
    """Give a title-only speaker ("الوزير") the key of the latest earlier speaker whose
    phrase holds that title ("وزير النقل سامر الحديدي"), so the same person
    counts once when key_claims spreads its picks over speakers."""
    out: list[tuple[Claim, str | None]] = []
    earlier: list[tuple[set[str], str]] = []  # (stems of the speaker phrase, key)
    for claim, key, attr in items:
        words = tokens(normalize(attr.speaker_name)) if attr and attr.speaker_name else []
        stems = {light_stem(w) for w, _, _ in words}
        if len(words) == 1 and words[0][0].startswith("ال"):
            title = light_stem(words[0][0])
            key = next((k for s, k in reversed(earlier) if title in s and k != key), key)
        elif key:
            earlier.append((stems, key))
        out.append((claim, key))
    return out


def key_claims(
    sentences: Sequence[Sentence], k: int = 5, *, weights: Mapping[str, float] | None = None
) -> list[Claim]:
    """Return the ``k`` most important claims, in article order.

    Greedy selection by ``Claim.score`` (ties: the earlier sentence first), where a
    claim whose speaker was already picked counts :data:`_REPEAT_SPEAKER_FACTOR`
    times its score per earlier pick, so that the brief covers several voices rather
    than five quotes of one (the redundancy idea of Maximal Marginal Relevance,
    Carbonell & Goldstein, SIGIR 1998).  Speakers are compared by their whole
    normalized name; a name that is a word run of an earlier one ("بيسكوف" after
    "ديميتري بيسكوف") and a title held by an earlier one ("الوزير") are that speaker.

    Returns:
        At most ``k`` claims (fewer when the article has fewer; none when
        ``k <= 0``), with their own unpenalized scores.

    Raises:
        ConfigError: bad ``weights`` (see :func:`ansum.claims.detect.detect_claims`).
    """
    detected = detect_with_attributions(sentences, weights)
    pool = _merge_short_forms(
        _with_coreferent_keys([(claim, _speaker_key(attr), attr) for claim, attr in detected])
    )
    picked: list[Claim] = []
    seen: dict[str, int] = {}
    while pool and len(picked) < k:
        best = max(
            pool,
            key=lambda p: (
                p[0].score * _REPEAT_SPEAKER_FACTOR ** seen.get(p[1] or "", 0),
                -p[0].sentence_index,
            ),
        )
        pool.remove(best)
        picked.append(best[0])
        if best[1]:
            seen[best[1]] = seen.get(best[1], 0) + 1
    return sorted(picked, key=lambda c: c.sentence_index)
