"""The per-article and per-run steps of ``ansum brief`` that every engine shares.

:func:`ansum.brief.build.build_digest` (one process) and
:func:`ansum.brief.ray_engine.build_digest_ray` (Ray Data) run the same functions, so
their digests are equal on the same input:

* per article, anywhere (a worker process or the caller): :func:`validate_record` (the
  cleaned body to brief, or why it is no article), :func:`features_dict` of
  :func:`ansum.brief.features.article_features`, :func:`brief_outcomes` (one window of
  :func:`ansum.batch.build_briefs`, as JSON-able outcomes);
* on the driver, in input order: :func:`group_articles` (duplicates, then stories over
  the originals), :func:`apply_outcomes` (skips, warnings, partial briefs; complete
  briefs to the store) and :func:`order_skipped`.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from ansum.brief.features import ArticleFeatures
from ansum.brief.inputs import InputRecord, Skipped
from ansum.errors import AnsumError, ConfigError, ModelUnavailableError
from ansum.runtime import is_model_warning


@dataclass
class Ref:
    """One article in memory (no text); ``features`` None: it could not be briefed;
    ``spooled``: its brief is not in the store (it is briefed this run)."""

    id: str
    where: str
    title: str
    source: str
    url: str | None
    date: str | None
    time_s: float | None
    key: str
    features: ArticleFeatures | None = None
    spooled: bool = False


def features_dict(f: ArticleFeatures) -> dict:
    """The cache's JSON form of ``f`` (hashes, MinHash, terms, word count)."""
    return {"h": f.text_hash, "m": list(f.minhash), "t": f.terms, "n": f.n_words}


def features_from(d: dict, ref: Ref) -> ArticleFeatures:
    """:class:`ArticleFeatures` of ``ref`` from :func:`features_dict`'s form."""
    return ArticleFeatures(ref.id, ref.source, ref.time_s, d["h"], tuple(d["m"]), d["t"], d["n"])


def spec_key(spec) -> dict | None:
    """What of a model spec the brief key depends on (not its file, license, size)."""
    if spec is None:
        return None
    return {k: v for k, v in dataclasses.asdict(spec).items()
            if k not in ("source_file", "license", "download_bytes")}


def validate_record(rec: InputRecord, max_chars: int) -> tuple[str, str]:
    """``(body, language)`` to brief of ``rec``: its text cleaned by
    :func:`ansum.input.read.article_from_text` unless it is already clean.

    Raises:
        AnsumError: the record is no article (its ``one_line()`` is the skip reason).
    """
    if rec.cleaned:
        return rec.text, rec.language or "und"
    from ansum.input.read import article_from_text

    art = article_from_text(rec.text, name=rec.where, max_chars=max_chars)
    return art.body, art.meta.language


def brief_outcomes(articles: list, options, runtime, memo) -> list[dict]:
    """:func:`ansum.batch.build_briefs` of one window, each result as a JSON-able dict:
    ``{"error": reason}`` or ``{"brief": brief_dict, "partial": bool, "warnings":
    [model warnings]}``, in the order of ``articles``.

    Raises:
        ConfigError, ModelUnavailableError: as build_briefs (strict mode).
    """
    from ansum.batch import build_briefs
    from ansum.brief.assemble import brief_dict

    out = []
    for res in build_briefs(articles, options.brief, runtime, memo=memo):
        if isinstance(res, AnsumError):
            out.append({"error": res.one_line()})
        else:
            out.append({"brief": brief_dict(res), "partial": bool(res.partial),
                        "warnings": [w for w in res.warnings if is_model_warning(w)]})
    return out


@dataclass
class RunState:
    """What the briefing pass gathers on the driver: ``fresh`` partial brief dicts by
    content key (never stored), run ``warnings`` (first occurrence order), ``partial``."""

    fresh: dict = dataclasses.field(default_factory=dict)
    warnings: list = dataclasses.field(default_factory=list)
    partial: bool = False


def apply_outcomes(pairs, store, bkey: str, state: RunState, counts: dict,
                   skipped: list) -> None:
    """Record ``(ref, outcome)`` pairs (input order) of :func:`brief_outcomes`:
    an error skips the article (``ref.features = None``); a complete brief goes to
    ``store``, a partial one to ``state.fresh``."""
    store_now = {}
    for ref, res in pairs:
        if "error" in res:
            skipped.append(Skipped(ref.where, res["error"]))
            ref.features = None
            continue
        for w in res["warnings"]:
            if w not in state.warnings:
                state.warnings.append(w)
        if res["partial"]:
            state.partial = True
            state.fresh[ref.key] = res["brief"]
        else:
            store_now[f"{ref.key}:{bkey}"] = res["brief"]
        counts["briefed"] += 1
    store.put_briefs(store_now)


def group_articles(refs: list[Ref], options,
                   candidates=None) -> tuple[dict, list[list[str]]]:
    """``(duplicates, groups)``: ``{duplicate id: original id}`` and the stories' ids
    (duplicates attached), from the features of ``refs`` in input order; ``candidates``:
    LSH candidate pairs of indexes into ``refs`` computed elsewhere (see
    :func:`ansum.brief.dedup.find_duplicates`)."""
    from ansum.brief.dedup import find_duplicates
    from ansum.brief.stories import attach_duplicates, group_stories

    feats = [r.features for r in refs]
    dups = find_duplicates(feats, options.dedup, candidates)
    originals = [f for f in feats if f.id not in dups]
    groups = attach_duplicates(group_stories(originals, options.stories, idf=options.idf),
                               dups)
    return dups, groups


def order_skipped(skipped: list[Skipped], order: dict[str, int]) -> list[Skipped]:
    """``skipped`` in input order (``order``: where → position; stable otherwise)."""
    return sorted(skipped, key=lambda s: order.get(s.where, len(order)))


def reraise(exc_type: str, message: str, hint: str | None) -> None:
    """Raise a fatal error a worker reported by name (ConfigError or
    ModelUnavailableError)."""
    cls = {"ConfigError": ConfigError}.get(exc_type, ModelUnavailableError)
    raise cls(message, hint) if hint else cls(message)
