"""Key claims of an Arabic news article, model-free.

A sentence is a claim when it has an attributed statement (a reporting verb such as
قال/أكد/أعلن, or "according to" بحسب/وفقا لـ; see :mod:`ansum.claims.attribution`), a direct
quote, or a figure (:mod:`ansum.claims.figures`).  For each claim the speaker, the verb,
the reported content, the quotes and the figures are character spans into the
sentence, and a score in [0, 1] ranks claims for the brief
(:func:`ansum.claims.select.key_claims`).

A speaker inherited from an earlier sentence ("وأكد "نقول …"" after a sentence
naming Ryabkov) is not a span of the claim's sentence: it is available as
``Attribution.inherited_speaker`` from :func:`ansum.claims.attribution.attribute`, and is
copied into ``Claim.inherited_speaker`` when the schema has that field.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ansum.arabic.normalize import arabic_letter_count
from ansum.claims.attribution import Attribution, analyse
from ansum.claims.figures import extract_figures
from ansum.errors import ConfigError
from ansum.schema import Claim, Figure, Sentence

#: Default importance weights (see :func:`score_claim`).  They sum to 1.
DEFAULT_WEIGHTS: dict[str, float] = {
    "attributed": 0.30,
    "quote": 0.15,
    "figures": 0.15,
    "speaker": 0.15,
    "position": 0.25,
}
_STRONG_FIGURES = {"percent", "money", "date", "time"}
_MIN_TOKENS = 4  # shorter sentences are never claims
_FULL_LENGTH_TOKENS = 8  # sentences shorter than this have their score scaled down
_POSITION_HALF = 5.0  # the position prior halves at this sentence index


def score_claim(
    *,
    attributed: bool,
    quote: bool,
    figures: Sequence[Figure],
    speaker: float,
    index: int,
    n_tokens: int,
    weights: Mapping[str, float] | None = None,
) -> float:
    """Importance of a claim sentence in [0, 1].

    A weighted mean of five features in [0, 1] (weights: :data:`DEFAULT_WEIGHTS`):
    ``attributed`` (0.30: who-said-what is the core of a news claim), ``quote``
    (0.15: a direct quote is the most checkable form), ``figures`` (0.15: numbers,
    dates, money …; percent/money/date/time count 1, years and plain numbers 0.5,
    saturating at 2), ``speaker`` (0.15: 1 named in the sentence, 0.5 inherited,
    0 none) and ``position`` (0.25: ``1 / (1 + index / 5)``, the lead bias of news,
    cf. Edmundson 1969 "location method" and the Lead-3 baseline of Nenkova 2005).
    The mean is scaled by ``min(1, n_tokens / 8)`` so very short sentences rank lower.

    Args:
        attributed, quote: whether the sentence has an attribution / a direct quote.
        figures: its figures.
        speaker: 1.0 named, 0.5 inherited, 0.0 none.
        index: 0-based sentence position in the article.
        n_tokens: tokens in the sentence.
        weights: overrides of :data:`DEFAULT_WEIGHTS` (names must be valid; see
            :func:`detect_claims` for the checks).
    """
    w = DEFAULT_WEIGHTS | dict(weights or {})
    features = {
        "attributed": float(attributed),
        "quote": float(quote),
        "figures": min(1.0, sum(1.0 if f.kind in _STRONG_FIGURES else 0.5 for f in figures) / 2),
        "speaker": speaker,
        "position": 1.0 / (1.0 + index / _POSITION_HALF),
    }
    mean = sum(w[k] * v for k, v in features.items()) / sum(w.values())
    return max(0.0, min(1.0, mean * min(1.0, n_tokens / _FULL_LENGTH_TOKENS)))


def _check_weights(weights: Mapping[str, float] | None) -> dict[str, float]:
    merged = dict(DEFAULT_WEIGHTS)
    for key, value in (weights or {}).items():
        if key not in DEFAULT_WEIGHTS:
            raise ConfigError(
                f"unknown claim weight {key!r}", hint=f"use one of: {', '.join(DEFAULT_WEIGHTS)}"
            )
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not value >= 0:
            raise ConfigError(
                f"claim weight {key!r} must be a number >= 0, not {value!r}",
                hint="give each weight as a non-negative number",
            )
        merged[key] = float(value)
    if sum(merged.values()) <= 0:
        raise ConfigError("claim weights are all zero", hint="give at least one weight > 0")
    return merged


def detect_with_attributions(
    sentences: Sequence[Sentence], weights: Mapping[str, float] | None
) -> list[tuple[Claim, Attribution | None]]:
    """The claims of ``sentences`` in article order, each with its :class:`Attribution`
    (None for a quote- or figure-only claim); see :func:`detect_claims`.

    Raises:
        ConfigError: bad ``weights`` (see :func:`detect_claims`).
    """
    merged = _check_weights(weights)
    out = []
    for sent, (s, attr) in zip(sentences, analyse(sentences), strict=True):
        if arabic_letter_count(sent.text) == 0 or len(s.toks) < _MIN_TOKENS:
            continue
        quotes = tuple(
            s.span(*inner) for q in s.direct if (inner := s.trimmed(q[1], q[2])) is not None
        )
        figures = tuple(extract_figures(sent.text))
        flags = (
            ("attributed", attr is not None),
            ("quote", bool(quotes)),
            ("figure", bool(figures)),
        )
        kinds = tuple(name for name, on in flags if on)
        if not kinds:
            continue
        named = 1.0 if attr and attr.speaker else 0.5 if attr and attr.inherited_speaker else 0.0
        score = score_claim(
            attributed=attr is not None,
            quote=bool(quotes),
            figures=figures,
            speaker=named,
            index=sent.index,
            n_tokens=len(s.toks),
            weights=merged,
        )
        claim = Claim(
            sentence_index=sent.index,
            text=sent.text,
            kinds=kinds,
            speaker=attr.speaker if attr else None,
            verb=attr.verb if attr else None,
            content=attr.content if attr else (quotes[0] if quotes else None),
            quotes=quotes,
            figures=figures,
            score=score,
            inherited_speaker=attr.inherited_speaker if attr else None,
        )
        out.append((claim, attr))
    return out


def detect_claims(
    sentences: Sequence[Sentence], *, weights: Mapping[str, float] | None = None
) -> list[Claim]:
    """Return every claim sentence of an article, in article order.

    Args:
        sentences: the article's sentences (:func:`ansum.arabic.segment.segment`), in order.
        weights: overrides of :data:`DEFAULT_WEIGHTS` for ``Claim.score``.

    Returns:
        One :class:`~ansum.schema.Claim` per sentence that has an attribution, a
        direct quote (6+ words, or introduced by ":", "،", a reporting verb or أن)
        or a figure.  Sentences with no Arabic letter or fewer than 4 tokens are
        never claims.  All spans index ``Claim.text``; ``quotes`` are the quoted
        words without the marks; ``content`` is the reported clause, or the first
        quote when there is no attribution.

    Raises:
        ConfigError: a weight name is unknown, a weight is negative or not a number,
            or all weights are zero.
    """
    return [claim for claim, _ in detect_with_attributions(sentences, weights)]
