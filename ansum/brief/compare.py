"""Figures compared: the same quantity as reported by different articles of one story.

API::

    mentions = figure_mentions(id, title, body, source="CNN")   # per article, streamed
    compared = compare_figures(mentions_of_one_story)           # [ComparedFigure, …]
    for cf in compared:
        cf.noun, cf.kind, [(m.article_id, m.source, m.speaker, m.figure.text) for m in cf.reports]

A *mention* is a figure (kind number, percent or money; :mod:`ansum.claims.figures`) inside a
claim sentence (:func:`ansum.claims.detect.detect_claims` on :func:`ansum.arabic.segment.segment` of
``title + "\\n\\n" + body``, the way ``benchmarks/claims_eval.py`` reads articles), with
the speaker of that claim and the word that says *what* is counted: the word right after
the figure ("110 صواريخ", "70 نقطة"; "71 من أصل 103 صواريخ" → صواريخ for both), else
the word right before it ("الدقيقة 68"), skipping quantity words (رقم، نحو، حوالي، أكثر …),
stopwords and numbers, never across punctuation.  Mentions are compared by that word's
*skeleton*: normalized, Light10 stemmed, without the long vowels and glides ا و ي, so
that singular, broken plural and case forms meet (صاروخ / صواريخ / صاروخا → صرخ;
هدف / أهداف → هدف; موقع / مواقع → مقع).
Arabic broken plurals change a word's vowel pattern around the same consonantal root
(Ryding, *A Reference Grammar of Modern Standard Arabic*, 2005, ch. 8), and the number
decides the noun's form (3–10: plural; 11–99: singular accusative; 100+: singular
genitive), so two reports of one quantity rarely spell the noun the same.

A :class:`ComparedFigure` gathers the mentions of one (kind, skeleton) from at least
``min_articles`` different articles.  Values may agree or differ: that is the point
(110 missiles per the Syrian army, 103 per Russia's General Staff).

Cost: claims detection per article (about 5 ms per 1,000 characters); only run it on
stories with two or more articles.  A mention keeps its claim sentence, not the article.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ansum.arabic.chunk import cut_long_sentences
from ansum.arabic.normalize import normalize
from ansum.arabic.segment import segment
from ansum.arabic.stem import light_stem
from ansum.arabic.stopwords import STOPWORDS
from ansum.claims.detect import detect_claims
from ansum.schema import Figure

#: Figure kinds compared (dates, times and years say when, not how many).
KINDS = frozenset({"number", "percent", "money"})
#: Words around a number that qualify it rather than name what is counted (normalized).
_QUANTITY_WORDS = frozenset(
    normalize(w)
    for w in "رقم الرقم نحو بنحو حوالي بحوالي قرابة زهاء أكثر اكثر أقل اقل أصل اصل مجموع إجمالي "
    "اجمالي بلغ بلغت يبلغ وصل عدد بعدد العدد بين ما إلى الى و فقط نحوا قرابه".split()
)
_WORD_AFTER = re.compile(r"\s+([^\W\d_]+|\d+(?:[.,]\d+)*)")
_WORD_BEFORE = re.compile(r"(?<![^\W\d_])([^\W\d_]+)\s+$")  # lookbehind: linear
_LONG_VOWELS = str.maketrans("", "", "اوي")


def skeleton(word: str) -> str:
    """Normalized, Light10-stemmed ``word`` without ا و ي (at least 2 letters kept).

    ``"صواريخ"`` → ``"صرخ"``, ``"أهداف"`` → ``"هدف"``, ``"نقطة"`` → ``"نقط"``; the dual
    of a feminine noun loses its ت too (``"الدقيقتين"`` → ``"دقق"``, as ``"الدقيقة"``)."""
    stem = light_stem(normalize(word))
    if len(stem) > 4 and stem.endswith("ت") and normalize(word).endswith(("تين", "تان")):
        stem = stem[:-1]
    bare = stem.translate(_LONG_VOWELS)
    return bare if len(bare) >= 2 else stem


def _counted_word(norm: str, start: int, end: int) -> str | None:
    """The word naming what the figure at ``norm[start:end]`` counts, or None."""
    pos = end
    for _ in range(4):  # "110 صواريخ"; "71 من أصل 103 صواريخ": skip quantity words, numbers
        m = _WORD_AFTER.match(norm, pos)
        if not m:
            break
        word = m.group(1)
        if word[0].isdigit():
            pos = m.end()
            continue
        if word not in STOPWORDS and word not in _QUANTITY_WORDS and len(word) > 1:
            return word
        pos = m.end()
    pos = start
    for _ in range(3):  # "الدقيقة 68", "الهدف رقم 30"
        m = _WORD_BEFORE.search(norm, max(0, pos - 80), pos)  # bounded window: linear
        if not m:
            break
        word = m.group(1)
        if word not in STOPWORDS and word not in _QUANTITY_WORDS and len(word) > 1:
            return word
        pos = m.start()
    return None


@dataclass(frozen=True)
class FigureMention:
    """One figure of one claim sentence.

    Attributes:
        article_id, source: the article and its outlet.
        sentence_index: index in ``segment(title + "\\n\\n" + body)`` (0 = the title).
        sentence: the claim sentence as written.
        figure: the figure; ``figure.span`` indexes ``sentence``.
        speaker: the claim's speaker as written (named or inherited), or None.
        noun: the counted word, normalized (``"صواريخ"``).
        key: ``figure.kind + ":" + skeleton(noun)`` (``"number:صرخ"``).
    """

    article_id: str
    source: str
    sentence_index: int
    sentence: str
    figure: Figure
    speaker: str | None
    noun: str
    key: str


@dataclass(frozen=True)
class ComparedFigure:
    """Mentions of one quantity from several articles of a story.

    Attributes:
        key: the shared :attr:`FigureMention.key`.
        kind: figure kind ("number", "percent", "money").
        noun: the counted word as most mentions spell it (normalized).
        reports: the mentions, by article in first-seen order, then sentence order.
        n_articles: distinct articles among ``reports`` (at least ``min_articles``).
    """

    key: str
    kind: str
    noun: str
    reports: tuple[FigureMention, ...]
    n_articles: int

    def values(self) -> list[str]:
        """Distinct ``Figure.value`` strings, in report order."""
        return list(dict.fromkeys(m.figure.value for m in self.reports))

    def pairs(self) -> list[tuple[str, str]]:
        """``(article_id, figure text)`` per report (input of
        :func:`ansum.brief.score.figure_coverage`)."""
        return [(m.article_id, m.figure.text) for m in self.reports]


def part_of_name(text: str, start: int, end: int) -> bool:
    """Whether the figure at ``text[start:end]`` (character offsets) is part of a name,
    not a quantity: glued to Latin letters ("GR4", "F16") or after a hyphen that follows a
    letter ("S-300", "إس-300", "تي-72").  Arabic letters glued before a number are
    prefixes ("ب110" = with 110) and do not count."""
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    if (before.isascii() and before.isalpha()) or (after.isascii() and after.isalpha()):
        return True
    return before in "-‐‑" and start >= 2 and text[start - 2].isalpha()


def figure_mentions(
    article_id: str, title: str, body: str, *, source: str = ""
) -> list[FigureMention]:
    """Every comparable figure of one article's claims (title included, as sentence 0).

    Returns:
        Mentions in sentence order; figures of kinds outside :data:`KINDS` and figures
        with no counted word are left out.  Empty for a text without claims.
    """
    text = f"{title}\n\n{body}" if title else body
    sentences, _ = cut_long_sentences(segment(text))
    out = []
    for claim in detect_claims(sentences):
        norm = normalize(claim.text) if len(normalize(claim.text)) == len(claim.text) else None
        for fig in claim.figures:
            if fig.kind not in KINDS or part_of_name(claim.text, fig.span.start, fig.span.end):
                continue
            if norm is not None:
                word = _counted_word(norm, fig.span.start, fig.span.end)
            else:  # diacritics or tatweel: normalize the two sides separately
                before = normalize(claim.text[: fig.span.start])
                after = normalize(claim.text[fig.span.end :])
                joined = before + " 0 " + after
                word = _counted_word(joined, len(before) + 1, len(before) + 2)
            if word is None:
                continue
            out.append(
                FigureMention(
                    article_id,
                    source,
                    claim.sentence_index,
                    claim.text,
                    fig,
                    claim.speaker_text(),
                    word,
                    f"{fig.kind}:{skeleton(word)}",
                )
            )
    return out


def compare_figures(
    mentions: Iterable[FigureMention], *, min_articles: int = 2
) -> list[ComparedFigure]:
    """Group one story's mentions by key; keep groups from ``min_articles``+ articles.

    Args:
        mentions: the :func:`figure_mentions` of the story's articles (originals only:
            a duplicate would count as a second report).
        min_articles: distinct articles a compared figure needs (≥ 2 to compare).

    Returns:
        Compared figures, most articles first (ties: more reports, then key).  A
        mention repeating an earlier one of the same article (same value, same key)
        is kept once.
    """
    groups: dict[str, list[FigureMention]] = defaultdict(list)
    seen: set[tuple[str, str, str]] = set()
    for m in mentions:
        dedup_key = (m.article_id, m.key, m.figure.value)
        if dedup_key in seen:
            continue
        seen.add(dedup_key)
        groups[m.key].append(m)
    out = []
    for key, ms in groups.items():
        n_articles = len({m.article_id for m in ms})
        if n_articles < max(2, min_articles):
            continue
        order = {a: k for k, a in enumerate(dict.fromkeys(m.article_id for m in ms))}
        ms = sorted(ms, key=lambda m: (order[m.article_id], m.sentence_index))
        nouns: dict[str, int] = defaultdict(int)
        for m in ms:
            nouns[m.noun] += 1
        noun = max(nouns, key=lambda w: (nouns[w], w))
        out.append(ComparedFigure(key, ms[0].figure.kind, noun, tuple(ms), n_articles))
    out.sort(key=lambda c: (-c.n_articles, -len(c.reports), c.key))
    return out


def compare_story(
    articles: Sequence[tuple[str, str, str, str]], *, min_articles: int = 2
) -> list[ComparedFigure]:
    """Convenience: ``(article_id, title, body, source)`` of one story → compared figures."""
    mentions = [m for a in articles for m in figure_mentions(a[0], a[1], a[2], source=a[3])]
    return compare_figures(mentions, min_articles=min_articles)
