"""The digest object of a run: stories assembled, ordered, marked continuing, titled.

:func:`assemble_digest` is the last step of :func:`ansum.brief.build.build_digest`: it
reads back each story's brief dicts from the store (one story at a time), builds the
story (:func:`ansum.brief.assemble.build_story`), orders the stories
(:func:`~ansum.brief.assemble.story_order`), marks those an earlier run on the same cache
showed as ``continuing`` (an article of the story, by content, was shown before; its
first date), translates the headlines when a translator ran, and wraps them in the
object of docs/brief-schema.json.
"""

from __future__ import annotations

import os
import uuid
from datetime import datetime

from ansum import __version__
from ansum.brief.assemble import build_story, iso_time, story_order
from ansum.brief.cache import BriefCache
from ansum.brief.stories import tfidf_vectors
from ansum.errors import AnsumError
from ansum.runtime import BriefOptions, Runtime

#: Version of the digest object (docs/brief-schema.json).
DIGEST_SCHEMA_VERSION = "1.0"


def _profile_name(options: BriefOptions) -> str:
    from ansum.config import load_config

    return (options.profile or os.environ.get("ANSUM_PROFILE")
            or load_config(options.models_file).default_profile)


def _article_dict(ref, dup_of: str | None) -> dict:
    return {"id": ref.id, "source": ref.source, "title": ref.title, "url": ref.url,
            "date": iso_time(ref.time_s) or ref.date, "duplicate_of": dup_of}


def assemble_digest(paths, refs, groups, dups, store, bkey, fresh, options,
              skipped, counts, specs, warnings, runtime, memo, now, *,
              persistent: bool) -> dict:
    """The digest dict (see the module docstring); ``refs`` are the run's articles
    (features None: could not be briefed), ``groups`` the stories' article ids,
    ``fresh`` the partial brief dicts not in ``store``; ``persistent``: ``store`` is the
    user's cache (else nothing is continuing)."""
    by_id = {r.id: r for r in refs}
    failed = {r.id for r in refs if r.features is None}  # could not be briefed: skipped
    originals = [r.features for r in refs if r.id not in dups and r.id not in failed]
    vectors = dict(zip((f.id for f in originals), tfidf_vectors(originals, options.idf),
                       strict=True))
    stories, translators = [], set()
    for group in groups:
        ids = [i for i in group if i not in failed and dups.get(i) not in failed]
        if not ids:
            continue
        arts = [_article_dict(by_id[i], dups.get(i)) for i in ids]
        orig_refs = [by_id[i] for i in ids if i not in dups]
        stored = store.get_briefs(f"{r.key}:{bkey}" for r in orig_refs)
        mentions = store.get_mentions(r.key for r in orig_refs) if len(orig_refs) > 1 else {}
        briefs = {}
        for r in orig_refs:
            b = fresh.get(r.key) or stored.get(f"{r.key}:{bkey}")
            if b is not None:
                briefs[r.id] = {**b, "mentions": mentions.get(r.key, [])}
                if b.get("translator"):
                    translators.add(b["translator"])
        story = build_story(arts, [by_id[i].time_s for i in ids],
                            [vectors[r.id] for r in orig_refs], briefs,
                            claims=options.brief.claims)
        story["_keys"] = [by_id[i].key for i in ids]
        stories.append(story)
    stories.sort(key=story_order)
    _mark_continuing(stories, store, now, persistent)
    translation = sorted(translators)[0] if translators else None
    if translation is not None:
        _translate_titles(stories, runtime, memo, warnings)
    n_articles = sum(len(s["articles"]) for s in stories)
    return {
        "schema_version": DIGEST_SCHEMA_VERSION,
        "generated_at": now.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "ansum_version": __version__,
        "inputs": {
            "paths": paths, "articles": n_articles,
            "duplicates": sum(1 for s in stories for a in s["articles"] if a["duplicate_of"]),
            "stories": len(stories), "from_cache": counts["from_cache"],
            "briefed": counts["briefed"],
            "skipped": [{"where": s.where, "reason": s.reason} for s in skipped],
        },
        "method": {
            "profile": _profile_name(options.brief),
            "summary": specs[0].name if specs[0].backend != "extractive" else "extractive",
            "translation": translation,
            "warnings": list(warnings),
        },
        "stories": stories,
    }


def _mark_continuing(stories: list[dict], store: BriefCache, now: datetime,
                     persistent: bool) -> None:
    """Set ``continuing``/``first_seen`` from earlier runs, record this run's stories."""
    run = uuid.uuid4().hex
    keys = [k for s in stories for k in s["_keys"]]
    before = store.shown_before(keys, run) if persistent else {}
    rows = []
    for s in stories:
        seen = [before[k][1] for k in s["_keys"] if k in before]
        if seen:
            s["continuing"], s["first_seen"] = True, min(seen)
        rows.extend((k, s["id"]) for k in s.pop("_keys"))
    if persistent:
        store.mark_shown(rows, now.strftime("%Y-%m-%d"), run)


def _translate_titles(stories: list[dict], runtime: Runtime, memo,
                      warnings: list[str]) -> None:
    """``title_en`` of every story, through the run's translation memo."""
    from ansum.translation.memo import translate_memoized

    titles = [s["title"] for s in stories if s["title"]]
    if not titles:
        return
    try:
        translator = runtime.translator()
        if translator is None:
            return
        results = translate_memoized(titles, translator, memo)
    except AnsumError as exc:
        warnings.append(f"headlines not translated: {exc.one_line()}")
        return
    done = dict(zip(titles, results, strict=True))
    for s in stories:
        if s["title"] in done:
            s["title_en"] = done[s["title"]].text or None

