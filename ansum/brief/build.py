"""``ansum brief``'s library entry point: many articles in, one digest dict out.

API::

    result = build_digest(["day.jsonl"], DigestOptions(BriefOptions(profile="extractive")),
                          cache=BriefCache(default_cache_path()))
    json.dumps(result.digest)        # the object of docs/brief-schema.json
    result.partial                   # a model fell back in some article (exit 5)

Flow (one way, two passes over the input)::

    inputs ─pass 1─▶ per article: content key, features (cache or computed), metadata
           │         articles whose brief is not cached: cleaned text spooled to a temp file
           ├──────▶ duplicates (dedup) → stories over originals (stories)
           ├─pass 2─▶ spooled originals, in windows of ``batch_articles``:
           │          ansum.batch.build_briefs (one Runtime: models load once) + figure
           │          mentions → the store (the cache, or a temporary one with no cache)
           └──────▶ per story: brief dicts read back → assemble.build_story → order

What is held in memory: per article its features (about 1–2 KB: hashes, a 64-slot
MinHash, title and lead term counts) and metadata (id, title, source, url, date); the
texts of one window of ``batch_articles`` articles in pass 2, and the brief dicts of one
story while it is assembled.  Texts go to a temporary spool file, briefs to SQLite; so a
50,000-article input needs about 100–150 MB, not its texts.  Duplicates are never
briefed, and a text already briefed with the same models and options comes from the
cache.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timezone

from ansum.brief.assemble import mention_dicts
from ansum.brief.cache import BriefCache, SqliteMemo, brief_key, content_key
from ansum.brief.dedup import DEFAULT_DEDUP, DedupOptions
from ansum.brief.digest import assemble_digest
from ansum.brief.features import DocumentFrequencies, article_features, shipped_frequencies
from ansum.brief.inputs import InputRecord, Skipped, iter_inputs
from ansum.brief.steps import (
    Ref,
    RunState,
    apply_outcomes,
    brief_outcomes,
    features_dict,
    features_from,
    group_articles,
    order_skipped,
    spec_key,
    validate_record,
)
from ansum.brief.stories import DEFAULT_STORIES, StoryOptions
from ansum.errors import AnsumError, InputError
from ansum.runtime import BriefOptions, Runtime
from ansum.translation.memo import ChainMemo, DictMemo

_CHUNK = 256  # records looked up in the cache at once in pass 1


@dataclass(frozen=True)
class DigestOptions:
    """What ``ansum brief`` builds.

    Attributes:
        brief: per-article options (models, summary sentences, claims per story).
        batch_articles: articles whose model calls are batched together (≥ 1).
        max_chars: per-article limit on cleaned text, in characters.
        idf: document frequencies of a reference corpus for story grouping; default the
            shipped table (:func:`ansum.brief.features.shipped_frequencies`); None counts
            them over the input (B-cubed F1 on the 14 April day: 0.943 shipped, 0.853 input).
        stories, dedup: grouping and duplicate options.
    """

    brief: BriefOptions = field(default_factory=BriefOptions)
    batch_articles: int = 16
    max_chars: int = 200_000
    idf: DocumentFrequencies | None = field(default_factory=shipped_frequencies)
    stories: StoryOptions = DEFAULT_STORIES
    dedup: DedupOptions = DEFAULT_DEDUP


@dataclass(frozen=True)
class DigestResult:
    """``digest``: the JSON-able object; ``partial``: some brief fell back (a model was
    unavailable); ``warnings``: run-level warnings (also in ``digest["method"]``)."""

    digest: dict
    partial: bool
    warnings: tuple[str, ...] = ()


def build_digest(
    paths: Iterable[str],
    options: DigestOptions | None = None,
    *,
    cache: BriefCache | None = None,
    records: Iterable[InputRecord | Skipped] | None = None,
    runtime: Runtime | None = None,
    stdin=None,
    progress: Callable[[dict], None] | None = None,
    now: datetime | None = None,
    results: str | os.PathLike | None = None,
) -> DigestResult:
    """Build the daily digest of ``paths``.

    Args:
        paths: as given by the user ("-" for stdin, a feed URL …); read with
            :func:`ansum.brief.inputs.iter_inputs` unless ``records`` is given.
        options: :class:`DigestOptions`.
        cache: the persistent store; None (``--no-cache``) uses a temporary one.
        records: the articles to read instead of ``paths`` (e.g. a feed's).
        runtime: shared backends (default: a new one).
        stdin: the stream "-" reads.
        progress: called with the counters ``{"read", "from_cache", "briefed",
            "stories"}`` as they change (for a progress display; never prints).
        now: the run's time (UTC; default now).
        results: a folder for :func:`ansum.brief.results.write_results` (Parquet).

    Returns:
        A :class:`DigestResult`.

    Raises:
        InputError: no article could be read (the empty input set; exit 3).
        ConfigError: bad models.toml or names.
        ModelUnavailableError: with ``options.brief.strict`` and a model missing.
    """
    options = options or DigestOptions()
    runtime = runtime or Runtime(options.brief)
    paths = list(paths)
    now = (now or datetime.now(timezone.utc)).astimezone(timezone.utc)
    counts = {"read": 0, "from_cache": 0, "briefed": 0, "stories": 0}
    tell = progress or (lambda _c: None)
    specs = runtime.specs()  # ConfigError before any reading
    bkey = run_brief_key(specs, options)
    with tempfile.TemporaryDirectory(prefix="ansum-brief-") as tmp:
        store = cache if cache is not None else BriefCache(os.path.join(tmp, "store.sqlite3"))
        items = records if records is not None else iter_inputs(
            paths, max_chars=options.max_chars, stdin=stdin)
        with open(os.path.join(tmp, "spool.jsonl"), "w+", encoding="utf-8") as spool:
            refs, skipped, order = _pass1(items, store, bkey, spool, options, counts, tell)
            check_some(refs, skipped)
            dups, groups = group_articles(refs, options)
            counts["stories"] = len(groups)
            tell(dict(counts))
            counts["from_cache"] = sum(not r.spooled and r.id not in dups for r in refs)
            spool.seek(0)
            memo = ChainMemo(DictMemo(), SqliteMemo(store))
            wanted = wanted_mentions(refs, groups, dups, store)
            state = _pass2(spool, refs, dups, wanted, store, bkey, options,
                           runtime, memo, counts, tell, skipped)
        digest = assemble_digest(paths, refs, groups, dups, store, bkey, state.fresh, options,
                                 order_skipped(skipped, order), counts, specs, state.warnings,
                                 runtime, memo, now, persistent=cache is not None)
        if results is not None:
            from ansum.brief.results import write_results

            write_results(results, digest, refs, store, bkey, state.fresh)
        if cache is None:
            store.close()
    return DigestResult(digest, state.partial, tuple(state.warnings))


def run_brief_key(specs, options: DigestOptions) -> str:
    """The run's :func:`ansum.brief.cache.brief_key` (models and brief options)."""
    return brief_key([spec_key(s) for s in specs],
                     {"sentences": options.brief.sentences, "claims": options.brief.claims})


def check_some(refs: list, skipped: list) -> None:
    """Raise InputError (exit 3) when no article was read, naming the first skips."""
    if not refs:
        where = "; ".join(f"{s.where}: {s.reason}" for s in skipped[:3])
        raise InputError("no article to brief" + (f" ({where})" if where else ""),
                         "give article files, folders or JSON Lines with 'text'")


def _pass1(items, store: BriefCache, bkey: str, spool, options: DigestOptions,
           counts: dict, tell) -> tuple[list[Ref], list[Skipped], dict[str, int]]:
    """Read every input; features from the cache or computed; texts to brief spooled.
    Also returns where → input position (for :func:`order_skipped`)."""
    refs: list[Ref] = []
    skipped: list[Skipped] = []
    order: dict[str, int] = {}
    seen_ids: set[str] = set()
    chunk: list[tuple[Ref, InputRecord]] = []

    def flush() -> None:
        keys = [r.key for r, _ in chunk]
        have_f = store.get_features(keys)
        have_b = store.get_briefs(f"{k}:{bkey}" for k in keys)
        new_f = {}
        for ref, rec in chunk:
            briefed = f"{ref.key}:{bkey}" in have_b
            body = None
            if not briefed:
                try:  # validate now, so a record that is no article is never grouped
                    body, language = validate_record(rec, options.max_chars)
                except AnsumError as exc:
                    skipped.append(Skipped(rec.where, exc.one_line()))
                    continue
                ref.spooled = True
            else:
                language = rec.language
                counts["from_cache"] += 1
            # every text is spooled: figure mentions may be wanted for any original
            spool.write(json.dumps({"i": len(refs), "text": rec.text, "body": body,
                                    "language": language}, ensure_ascii=False) + "\n")
            cached = have_f.get(ref.key)
            if cached is not None:
                ref.features = features_from(cached, ref)
            else:
                ref.features = article_features(ref.id, rec.title, rec.text, source=ref.source,
                                                time_s=ref.time_s)
                new_f[ref.key] = features_dict(ref.features)
            refs.append(ref)
            counts["read"] += 1
        store.put_features(new_f)
        chunk.clear()
        tell(dict(counts))

    for item in items:
        order.setdefault(item.where, len(order))
        if isinstance(item, Skipped):
            skipped.append(item)
            continue
        if item.id in seen_ids:
            skipped.append(Skipped(item.where, f"id {item.id!r} repeats an earlier article's"))
            continue
        seen_ids.add(item.id)
        ref = Ref(item.id, item.where, item.title, item.source, item.url, item.date,
                   item.time_s, content_key(item.title, item.text))
        chunk.append((ref, item))
        if len(chunk) >= _CHUNK:
            flush()
    if chunk:
        flush()
    return refs, skipped, order


def wanted_mentions(refs: list[Ref], groups, dups: dict, store: BriefCache) -> set[str]:
    """Content keys of originals in stories of 2+ originals whose figure mentions are
    not stored yet (only those stories compare figures)."""
    by_id = {r.id: r for r in refs}
    keys = {by_id[i].key for g in groups if sum(i not in dups for i in g) >= 2
            for i in g if i not in dups}
    return keys - set(store.get_mentions(keys))


def _spooled(spool, refs: list[Ref], dups: dict):
    """``(ref, text, article or None)`` per spooled original, each content once; the
    article (to brief) only when its brief is not cached."""
    from ansum.schema import Article, ArticleMeta

    done: set[str] = set()
    for line in spool:
        row = json.loads(line)
        ref = refs[row["i"]]
        if ref.id in dups or ref.key in done:
            continue
        done.add(ref.key)
        article = None
        if ref.spooled and row["body"] is not None:
            meta = ArticleMeta(title=ref.title, source=ref.source, date=ref.date or "",
                               url=ref.url or "", language=row["language"] or "und")
            article = Article(name=ref.where, body=row["body"], meta=meta)
        yield ref, row["text"], article


def _pass2(spool, refs, dups, wanted: set[str], store: BriefCache, bkey: str,
           options: DigestOptions, runtime: Runtime, memo, counts: dict, tell,
           skipped: list) -> RunState:
    """Brief the spooled originals in windows (complete briefs stored); figure mentions
    of the ``wanted`` content keys (stored)."""
    from ansum.brief.compare import figure_mentions

    state = RunState()
    window: list = []

    def flush() -> None:
        outcomes = brief_outcomes([a for _, a in window], options, runtime, memo)
        apply_outcomes(zip([r for r, _ in window], outcomes, strict=True), store, bkey,
                       state, counts, skipped)
        window.clear()
        tell(dict(counts))

    mentions: dict[str, list] = {}
    for ref, text, article in _spooled(spool, refs, dups):
        if ref.key in wanted:
            mentions[ref.key] = mention_dicts(figure_mentions(ref.id, ref.title, text))
            if len(mentions) >= _CHUNK:
                store.put_mentions(mentions)
                mentions.clear()
        if article is not None:
            window.append((ref, article))
            if len(window) >= options.batch_articles:
                flush()
    if window:
        flush()
    store.put_mentions(mentions)
    return state
