"""One story of the digest: articles, central summary, merged claims, figures compared.

The per-article parts come from :mod:`ansum.brief.build` as *brief dicts* (what the cache
stores, see :func:`brief_dict`); this module turns a story's articles and their brief
dicts into the story object of docs/brief-schema.json.

* **Central article**: the one whose TF-IDF vector (title and lead,
  :func:`ansum.brief.stories.tfidf_vectors`) has the highest dot product with the story's
  centroid, the medoid of the centroid linkage that formed the story; ties go to the
  earlier article.  Its headline is the story's title and its summary the story's.
* **Claims**: every original article's key claims; claims whose normalized text
  (:func:`ansum.arabic.normalize.normalize`, spaces collapsed) is equal are merged and
  list every source and article, a duplicate's source included.  Kept: the ``limit``
  claims with most sources, then highest score, then first seen.
* **Figures compared**: :func:`ansum.brief.compare.compare_figures` over the originals'
  figure mentions.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from datetime import datetime, timezone

from ansum.arabic.normalize import normalize
from ansum.brief.compare import FigureMention, compare_figures
from ansum.schema import Brief, Figure, Span


def iso_time(time_s: float | None) -> str | None:
    """POSIX seconds as ``YYYY-MM-DDTHH:MM:SSZ`` (UTC), None for None."""
    if time_s is None:
        return None
    return datetime.fromtimestamp(time_s, tz=timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def story_id(first_article_id: str) -> str:
    """``"s-"`` + 8 hex digits of SHA-1 of the story's earliest original article id."""
    return "s-" + hashlib.sha1(first_article_id.encode("utf-8", "surrogatepass")).hexdigest()[:8]


def _claim_dict(c) -> dict:
    en_fig = list(c.en_figures) if c.en and len(c.en_figures) == len(c.figures) else None
    speaker_en = c.en_speaker.of(c.en) if c.en_speaker and c.en else c.en_inherited_speaker
    return {
        "text": c.text, "text_en": c.en, "speaker": c.speaker_text(),
        "speaker_en": speaker_en,
        "inherited_speaker": c.speaker is None and c.inherited_speaker is not None,
        "figures": [{"text": f.text, "kind": f.kind,
                     "en": en_fig[k].of(c.en) if en_fig else None}
                    for k, f in enumerate(c.figures)],
        "score": c.score,
    }


def _mention_dict(m: FigureMention) -> dict:
    f = m.figure
    return {"s": m.sentence_index, "sentence": m.sentence, "speaker": m.speaker,
            "noun": m.noun, "key": m.key,
            "figure": [f.text, f.span.start, f.span.end, f.kind, f.value, f.unit]}


def mention_dicts(mentions: Sequence[FigureMention]) -> list[dict]:
    """JSON form of an article's figure mentions (the cache's ``mentions`` value)."""
    return [_mention_dict(m) for m in mentions]


def brief_dict(brief: Brief) -> dict:
    """What a story needs of one article's :class:`Brief`, as JSON (the cache's
    ``briefs`` value); its figure mentions are added under ``"mentions"`` when a story
    compares figures (:func:`mention_dicts`)."""
    summary_stage = next((s for s in brief.stages if s.name == "summary"), None)
    trans_stage = next((s for s in brief.stages if s.name == "translation"), None)
    method = summary_stage.method if summary_stage else "extractive"
    if method.startswith("extractive"):
        fell = any(w.startswith("abstractive summary") for w in brief.warnings)
        method = "extractive (no summarizer model available)" if fell else "extractive"
    translator = trans_stage.method if trans_stage and trans_stage.method != "none" else None
    return {
        "summary": [[s.ar, s.en] for s in brief.summary],
        "summary_method": method,
        "translator": translator if brief.english != "none" else None,
        "claims": [_claim_dict(c) for c in brief.claims],
    }


def mentions_of(brief: Mapping, article_id: str, source: str) -> list[FigureMention]:
    """The :class:`FigureMention` objects of a brief dict, for ``article_id``/``source``."""
    out = []
    for m in brief.get("mentions", ()):
        text, start, end, kind, value, unit = m["figure"]
        out.append(FigureMention(article_id, source, m["s"], m["sentence"],
                                 Figure(text, Span(start, end), kind, value, unit),
                                 m["speaker"], m["noun"], m["key"]))
    return out


def _claim_key(text: str) -> str:
    return " ".join(normalize(text).split())


def merge_claims(articles: Sequence[Mapping], briefs: Mapping[str, Mapping],
                 limit: int) -> list[dict]:
    """Merged key claims of a story (see the module docstring).

    Args:
        articles: the story's article dicts (``id``, ``source``, ``duplicate_of``).
        briefs: article id → brief dict, for the originals.
        limit: claims kept (≥ 0).
    """
    merged: dict[str, dict] = {}
    order: dict[str, int] = {}
    for art in articles:
        origin = art["duplicate_of"] or art["id"]
        brief = briefs.get(origin)
        if brief is None:
            continue
        for c in brief["claims"]:
            key = _claim_key(c["text"])
            entry = merged.get(key)
            if entry is None:
                entry = {k: v for k, v in c.items() if k != "score"}
                entry.update(sources=[], article_ids=[], _score=c["score"])
                merged[key] = entry
                order[key] = len(order)
            entry["_score"] = max(entry["_score"], c["score"])
            if art["source"] and art["source"] not in entry["sources"]:
                entry["sources"].append(art["source"])
            if art["id"] not in entry["article_ids"]:
                entry["article_ids"].append(art["id"])
    ranked = sorted(merged, key=lambda k: (-len(merged[k]["sources"]),
                                          -len(merged[k]["article_ids"]),
                                          -merged[k]["_score"], order[k]))
    out = []
    for k in ranked[:limit]:
        entry = merged[k]
        del entry["_score"]
        out.append(entry)
    return out


def figures_compared(originals: Sequence[Mapping], briefs: Mapping[str, Mapping]) -> list[dict]:
    """Figures compared across the story's original articles (JSON dicts)."""
    if len(originals) < 2:
        return []
    mentions = [m for a in originals if a["id"] in briefs
                for m in mentions_of(briefs[a["id"]], a["id"], a["source"])]
    return [
        {"key": cf.key, "kind": cf.kind, "noun": cf.noun,
         "reports": [{"value": m.figure.value, "text": m.figure.text, "speaker": m.speaker,
                      "source": m.source, "article_id": m.article_id, "sentence": m.sentence}
                     for m in cf.reports]}
        for cf in compare_figures(mentions)
    ]


def central_index(vectors: Sequence[Mapping[str, float]]) -> int:
    """Index of the vector with the highest dot product with the sum of ``vectors``
    (the first on ties; 0 for one vector or none with terms)."""
    if len(vectors) < 2:
        return 0
    centroid: dict[str, float] = {}
    for vec in vectors:
        for t, w in vec.items():
            centroid[t] = centroid.get(t, 0.0) + w
    scores = [sum(w * centroid.get(t, 0.0) for t, w in vec.items()) for vec in vectors]
    return max(range(len(vectors)), key=lambda i: (scores[i], -i))


def build_story(articles: Sequence[dict], times: Sequence[float | None],
                vectors: Sequence[Mapping[str, float]], briefs: Mapping[str, Mapping],
                *, claims: int) -> dict:
    """The story dict (without ``continuing``/``first_seen``/``title_en``, set later).

    Args:
        articles: the story's article dicts in story order (originals, each followed by
            its duplicates), each with ``id``, ``source``, ``title``, ``url``, ``date``,
            ``duplicate_of``.
        times: each article's time (POSIX seconds) or None, aligned with ``articles``.
        vectors: TF-IDF vectors of the originals, in their order among ``articles``.
        briefs: original article id → brief dict (articles without one are shown but
            give no summary or claims).
        claims: merged claims kept.
    """
    originals = [a for a in articles if a["duplicate_of"] is None]
    central = originals[central_index(vectors)] if originals else articles[0]
    title = central["title"] or next((a["title"] for a in articles if a["title"]), "")
    brief = briefs.get(central["id"])
    if brief is None:  # the central article could not be briefed: the next that was
        briefed = [a for a in originals if a["id"] in briefs]
        central = briefed[0] if briefed else central
        brief = briefs.get(central["id"])
    summary = {"article_id": central["id"], "method": "extractive", "ar": [], "en": None}
    if brief is not None:
        en = [s[1] for s in brief["summary"]]
        summary = {"article_id": central["id"], "method": brief["summary_method"],
                   "ar": [s[0] for s in brief["summary"]],
                   "en": en if any(e is not None for e in en) else None}
    known = [t for t in times if t is not None]
    sources = list(dict.fromkeys(a["source"] for a in articles if a["source"]))
    return {
        "id": story_id(originals[0]["id"] if originals else articles[0]["id"]),
        "title": title, "title_en": None, "continuing": False, "first_seen": None,
        "time": iso_time(min(known)) if known else None,
        "sources": sources, "articles": list(articles), "summary": summary,
        "claims": merge_claims(articles, briefs, claims),
        "figures_compared": figures_compared(originals, briefs),
    }


def story_order(story: Mapping) -> tuple:
    """Sort key: distinct sources (desc), articles (desc), earliest time (unknown last)."""
    return (-len(story["sources"]), -len(story["articles"]), story["time"] is None,
            story["time"] or "")
