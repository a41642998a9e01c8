"""Compact per-article features for duplicates and stories (no full text kept).

API::

    feats = article_features(id, title, body, source="BBC", time_s=parse_time(rfc2822))
    feats = features_from_record(record)         # an ANT/JSONL dict: id, title, text, source, time
    df = DocumentFrequencies.from_features(feats_iter)   # or .from_records / .load(path)

:class:`ArticleFeatures` keeps, per article, about 1–2 KB: a 16-byte hash of the
normalized body, a 64-slot MinHash signature (:mod:`ansum.brief.minhash`) and the term
counts of the title and the lead.  The body itself is dropped, so 50,000 articles fit in
~100 MB; the text is needed again only for the few stories whose figures are compared
(:mod:`ansum.brief.compare`).

Terms are :func:`ansum.arabic.stem.content_terms`: normalized (Larkey et al. 2007 light
normalization), stopword-free, Light10-stemmed words and numbers.
"""

from __future__ import annotations

import functools
import gzip
import hashlib
import json
import math
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from email.utils import parsedate_to_datetime
from pathlib import Path

from ansum.arabic.normalize import normalize, tokens
from ansum.arabic.stem import content_terms
from ansum.brief.minhash import shingles, signature


@dataclass(frozen=True)
class FeatureOptions:
    """How features are built.

    Attributes:
        lead_words: body tokens (words and numbers, before stopword removal) read as the
            lead after the title.  50 words ≈ the first two sentences: the inverted
            pyramid puts the event (who, what, where) there (Pöttker 2003, "News and its
            communicative quality: the inverted pyramid").
        title_weight: how many times a title term counts (the headline names the event).
        shingle_words: words per MinHash shingle (3: Broder 1997 used word shingles; 3
            keeps short texts with enough shingles).
    """

    lead_words: int = 50
    title_weight: int = 2
    shingle_words: int = 3


DEFAULT_FEATURES = FeatureOptions()


@dataclass(frozen=True)
class ArticleFeatures:
    """What grouping needs of one article.

    Attributes:
        id: the caller's article id (unique in a batch).
        source: outlet name ("" when unknown).
        time_s: publication time, POSIX seconds (UTC), or None when unknown.
        text_hash: BLAKE2b-128 hex digest of the normalized body tokens joined by spaces
            (equal for texts that differ only in diacritics, hamza forms, spacing or
            punctuation).
        minhash: MinHash signature of the body's word shingles (64 ints).
        terms: content term → count over the title (× ``title_weight``) and the lead.
        n_words: body tokens.
    """

    id: str
    source: str
    time_s: float | None
    text_hash: str
    minhash: tuple[int, ...]
    terms: Mapping[str, int] = field(default_factory=dict)
    n_words: int = 0


def parse_time(value: object) -> float | None:
    """POSIX seconds from an RFC 2822 (``"Sat, 14 Apr 2018 02:49:02 GMT"``) or ISO 8601
    string, a ``datetime`` or a number; None when missing or unreadable.  A time without
    a zone is taken as UTC."""
    if value is None or value == "":
        return None
    if isinstance(value, (int, float)):
        return float(value)
    dt = value if isinstance(value, datetime) else None
    if dt is None and isinstance(value, str):
        try:
            dt = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            try:
                dt = datetime.fromisoformat(value)
            except ValueError:
                return None
    if dt is None:
        return None
    if dt.tzinfo is None:
        from datetime import timezone

        dt = dt.replace(tzinfo=timezone.utc)
    return dt.timestamp()


def article_features(
    id: str,
    title: str,
    body: str,
    *,
    source: str = "",
    time_s: float | None = None,
    options: FeatureOptions = DEFAULT_FEATURES,
) -> ArticleFeatures:
    """Features of one article (see :class:`ArticleFeatures`).

    Args:
        id: article id.
        title: headline ("" when none).
        body: article text (the title is not repeated here when the caller knows it).
        source, time_s: as in :class:`ArticleFeatures`.
        options: :class:`FeatureOptions`.

    Returns:
        An :class:`ArticleFeatures`; an empty body gives the MinHash of the title and a
        hash of the title, so two title-only records can still be duplicates.
    """
    norm_body = normalize(body)
    words = [t for t, _, _ in tokens(norm_body)]
    if not words:
        words = [t for t, _, _ in tokens(normalize(title))]
    digest = hashlib.blake2b(" ".join(words).encode("utf-8"), digest_size=16).hexdigest()
    sig = signature(shingles(words, options.shingle_words))
    lead = " ".join(words[: options.lead_words])
    counts: Counter[str] = Counter()
    for term in content_terms(title):
        counts[term] += options.title_weight
    counts.update(content_terms(lead))
    return ArticleFeatures(id, source, time_s, digest, sig, dict(counts), len(words))


def features_from_record(
    record: Mapping[str, object], *, options: FeatureOptions = DEFAULT_FEATURES
) -> ArticleFeatures:
    """:func:`article_features` of a JSONL record with ``id``, ``title``, ``text`` and
    optional ``source`` and ``time`` (RFC 2822 or ISO 8601), as in shared/data days/corpus."""
    return article_features(
        str(record["id"]),
        str(record.get("title") or ""),
        str(record.get("text") or ""),
        source=str(record.get("source") or ""),
        time_s=parse_time(record.get("time")),
        options=options,
    )


@dataclass(frozen=True)
class DocumentFrequencies:
    """Document frequencies of terms over a reference corpus, for IDF weights.

    Attributes:
        n_docs: documents counted.
        df: term → number of documents whose title+lead holds it.
    """

    n_docs: int
    df: Mapping[str, int]

    def idf(self, term: str) -> float:
        """Smoothed IDF, ``ln((1 + N) / (1 + df)) + 1`` (Spärck Jones 1972; the smoothing
        of scikit-learn's ``TfidfVectorizer(smooth_idf=True)``).  An unseen term gets the
        largest value, ``ln(1 + N) + 1``."""
        return math.log((1 + self.n_docs) / (1 + self.df.get(term, 0))) + 1.0

    @classmethod
    def from_features(cls, feats: Iterable[ArticleFeatures]) -> DocumentFrequencies:
        """Count the terms of ``feats`` (each article once per term)."""
        df: Counter[str] = Counter()
        n = 0
        for f in feats:
            n += 1
            df.update(f.terms.keys())
        return cls(n, dict(df))

    @classmethod
    def from_records(
        cls, records: Iterable[Mapping[str, object]], *, options: FeatureOptions = DEFAULT_FEATURES
    ) -> DocumentFrequencies:
        """Count the title+lead terms of JSONL records (streamed; no text is kept)."""
        df: Counter[str] = Counter()
        n = 0
        for r in records:
            n += 1
            terms = set(content_terms(str(r.get("title") or "")))
            words = [t for t, _, _ in tokens(normalize(str(r.get("text") or "")))]
            terms.update(content_terms(" ".join(words[: options.lead_words])))
            df.update(terms)
        return cls(n, dict(df))

    def save(self, path: str | Path) -> None:
        """Write as gzipped JSON ``{"n_docs": N, "df": {term: count}}``."""
        with gzip.open(path, "wt", encoding="utf-8") as fh:
            json.dump({"n_docs": self.n_docs, "df": self.df}, fh, ensure_ascii=False)

    @classmethod
    def load(cls, path: str | Path) -> DocumentFrequencies:
        """Read a file written by :meth:`save`."""
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            data = json.load(fh)
        return cls(int(data["n_docs"]), data["df"])


#: The table ``ansum brief`` uses unless told otherwise: title+lead document frequencies of
#: 31,302 articles of five Arabic sites in 2018 (../shared/data/corpus/ant-2018.jsonl.gz
#: without the labelled day 2018-04-14), terms in ≥ 3 documents; built by
#: benchmarks/brief_idf.py.
SHIPPED_FREQUENCIES = Path(__file__).resolve().parent / "data" / "df.json.gz"


@functools.lru_cache(maxsize=1)
def shipped_frequencies() -> DocumentFrequencies:
    """The shipped reference table (:data:`SHIPPED_FREQUENCIES`), read once per process
    (about 21,000 terms, 0.1 s).

    Raises:
        OSError: the package data file is missing (a broken install).
    """
    return DocumentFrequencies.load(SHIPPED_FREQUENCIES)

