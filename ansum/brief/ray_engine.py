"""``ansum brief --engine ray``: the daily brief on Ray Data (optional extra ``ansum[ray]``).

API::

    import ray
    result = build_digest_ray(ray.data.from_items(articles), DigestOptions(...),
                              RayOptions(concurrency=4), cache=BriefCache(path))
    result = build_digest_ray(["day.jsonl.gz", "folder/"], options)   # paths

The digest equals :func:`ansum.brief.build.build_digest`'s on the same input (up to
timings): every per-article step is the local engine's function
(:mod:`ansum.brief.steps`, run by :mod:`ansum.brief.ray_stages`) and the driver runs the
same duplicate detection, story grouping and assembly over the same features in input
order (``preserve_order``).  Flow::

    paths ─from_items→flat_map(read_paths)─┐   (the local readers: PATH:LINE, skips)
    Dataset ─map_batches(records_from_rows)┴▶ map_batches(prepare) tasks: clean,
        validate, content key, features ─materialize─▶ driver: compact columns (no text)
        → Ref list, dedup + stories, cache look-ups
    ─filter─▶ map_batches(mentions) tasks (figure mentions of stories that compare)
    ─filter─▶ map_batches(Briefer) actor pool: one Runtime per actor, build_briefs per
        window of ``batch_articles`` ─▶ driver: outcomes in input order → the cache
    ─▶ assemble_digest on the driver (headlines translated there).

Files are read by the workers with the local readers (one task per file), so they must
be on a file system the workers see; ``ray.data.read_json`` is not used because it stops
at a broken line instead of skipping it with its ``PATH:LINE``.  The cache (SQLite) is
read and written by the driver only; actors keep a per-actor translation memo.
Fault tolerance: briefing actors restart and their tasks are retried (Ray Data's default
for actor pools: ``max_restarts=-1``, ``max_task_retries=-1``), so an actor that dies
mid-run costs its window, not the run, and each article's outcome arrives once.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timezone

from ansum.brief.build import (
    DigestOptions,
    DigestResult,
    check_some,
    run_brief_key,
    wanted_mentions,
)
from ansum.brief.cache import BriefCache
from ansum.brief.digest import assemble_digest
from ansum.brief.inputs import Skipped, expand_paths
from ansum.brief.steps import (
    Ref,
    RunState,
    apply_outcomes,
    features_from,
    group_articles,
    order_skipped,
    reraise,
)
from ansum.errors import ConfigError
from ansum.runtime import Runtime

RAY_HINT = "pip install 'ansum[ray]'"


@dataclass(frozen=True)
class RayOptions:
    """How the Ray engine runs.

    Attributes:
        address: None starts a local Ray instance (unless one is running in this
            process); ``"auto"`` joins a running cluster; ``"ray://HOST:PORT"`` a remote
            one (Ray Client).
        concurrency: briefing actors (each loads the models once).
        num_cpus, num_gpus: resources per briefing actor (e.g. ``num_gpus=1``).
        batch_rows: rows per block and per batch of the model-free tasks.
        lsh_on_workers: the LSH first pass of duplicate detection on Ray (band keys as
            tasks, a groupby on the key) instead of on the driver; the same pairs.
        kill_after, kill_mark: fault injection for tests (see
            :class:`ansum.brief.ray_stages.Briefer`; ``kill_mark`` default: a temp file).
    """

    address: str | None = None
    concurrency: int = 1
    num_cpus: float = 1.0
    num_gpus: float = 0.0
    batch_rows: int = 128
    lsh_on_workers: bool = False
    kill_after: int | None = None
    kill_mark: str | None = None


def require_ray():
    """Import and return ``ray``.

    Raises:
        ConfigError: ray (``ray[data]``) is not installed (exit 6), naming the extra.
    """
    try:
        import ray
        import ray.data  # noqa: F401
    except ImportError:
        raise ConfigError("--engine ray needs the ray[data] package, which is not installed",
                          hint=RAY_HINT) from None
    return ray


def connect(options: RayOptions):
    """``ray`` connected (``ray.init`` unless already initialized), with Ray Data set
    to keep input order and not draw progress bars."""
    import logging

    ray = require_ray()
    logging.getLogger("ray.data").setLevel(logging.ERROR)  # no per-dataset INFO lines
    if not ray.is_initialized():
        kwargs = {"include_dashboard": False, "log_to_driver": False,
                  "logging_level": "ERROR"}
        if options.address:
            ray.init(address=options.address, **kwargs)
        else:
            ray.init(**kwargs)
    ctx = ray.data.DataContext.get_current()
    ctx.execution_options.preserve_order = True
    ctx.enable_progress_bars = False
    ctx.print_on_execution_start = False
    return ray


def input_dataset(ray, source, options: DigestOptions, batch_rows: int):
    """Input rows (see :mod:`ansum.brief.ray_stages`) of paths or of a Dataset of dicts;
    plus the Skipped of paths that do not exist."""
    from ansum.brief import ray_stages

    if isinstance(source, ray.data.Dataset):
        return source.map_batches(ray_stages.records_from_rows, batch_format="pyarrow",
                                  batch_size=batch_rows), []
    files, missing = [], []
    for p in expand_paths(source):
        if isinstance(p, Skipped):
            missing.append(p)
        elif p == "-":
            raise ConfigError("--engine ray reads files and folders, not stdin ('-')",
                              hint="save the JSON Lines to a file, or use --engine local")
        else:
            files.append({"path": p})
    if not files:
        return None, missing
    ds = ray.data.from_items(files, override_num_blocks=len(files)).flat_map(
        ray_stages.read_paths, fn_kwargs={"max_chars": options.max_chars})
    return ds.repartition(target_num_rows_per_block=batch_rows), missing


def build_digest_ray(
    source,
    options: DigestOptions | None = None,
    ray_options: RayOptions | None = None,
    *,
    cache: BriefCache | None = None,
    runtime: Runtime | None = None,
    progress: Callable[[dict], None] | None = None,
    now: datetime | None = None,
    results: str | os.PathLike | None = None,
) -> DigestResult:
    """The digest of ``source`` built on Ray Data; equal to
    :func:`ansum.brief.build.build_digest` on the same articles.

    Args:
        source: a ``ray.data.Dataset`` of article dicts (``text``; optional ``id``,
            ``title``, ``source``, ``url``, ``date``), or paths (files, folders, JSON
            Lines, ``.jsonl.gz``; not stdin) the workers can read.
        options: :class:`~ansum.brief.build.DigestOptions`.
        ray_options: :class:`RayOptions`.
        cache: the persistent store, used by the driver only; None: a temporary one.
        runtime: the driver's backends (specs, headline translation).
        progress: called with the counters as :func:`build_digest` does.
        now: the run's time (UTC).
        results: a folder for :func:`ansum.brief.results.write_results` (Parquet).

    Returns:
        A :class:`~ansum.brief.build.DigestResult`.

    Raises:
        ConfigError: ray missing (exit 6), stdin given, bad models.toml.
        InputError: no article could be read.
        ModelUnavailableError: strict mode and a model missing (raised by an actor).
    """
    options = options or DigestOptions()
    ropts = ray_options or RayOptions()
    runtime = runtime or Runtime(options.brief)
    now = (now or datetime.now(timezone.utc)).astimezone(timezone.utc)
    counts = {"read": 0, "from_cache": 0, "briefed": 0, "stories": 0}
    tell = progress or (lambda _c: None)
    specs = runtime.specs()
    bkey = run_brief_key(specs, options)
    ray = connect(ropts)
    from ansum.brief import ray_stages

    paths = [] if isinstance(source, ray.data.Dataset) else list(source)
    rows, skipped = input_dataset(ray, source, options, ropts.batch_rows)
    with tempfile.TemporaryDirectory(prefix="ansum-ray-") as tmp:
        store = cache if cache is not None else BriefCache(os.path.join(tmp, "store.sqlite3"))
        prepared = None
        if rows is not None:
            prepared = rows.map_batches(ray_stages.prepare, batch_format="pyarrow",
                                        batch_size=ropts.batch_rows,
                                        fn_kwargs={"max_chars": options.max_chars}
                                        ).materialize()
        refs, order = _collect(prepared, store, bkey, skipped, counts, tell)
        check_some(refs, skipped)
        candidates = _lsh_pairs(prepared, refs, options) if ropts.lsh_on_workers else None
        dups, groups = group_articles(refs, options, candidates)
        counts["stories"] = len(groups)
        counts["from_cache"] = sum(not r.spooled and r.id not in dups for r in refs)
        tell(dict(counts))
        wanted = wanted_mentions(refs, groups, dups, store)
        first: dict[str, Ref] = {}
        for r in refs:
            if r.id not in dups:
                first.setdefault(r.key, r)
        to_brief = {r.where for r in first.values() if r.spooled}
        to_mention = {r.where for r in first.values() if r.key in wanted}
        if to_mention:
            ds = prepared.map_batches(ray_stages.mentions, batch_format="pyarrow",
                                      batch_size=ropts.batch_rows,
                                      fn_kwargs={"wanted": to_mention})
            for chunk in _chunks(ds):
                store.put_mentions({row["key"]: json.loads(row["out"]) for row in chunk})
        state = RunState()
        if to_brief:
            _brief(ray, prepared, to_brief, refs, options, ropts, store, bkey, state, counts,
                   skipped, tell, tmp)
        digest = assemble_digest(paths, refs, groups, dups, store, bkey, state.fresh, options,
                                 order_skipped(skipped, order), counts, specs, state.warnings,
                                 runtime, _driver_memo(store), now,
                                 persistent=cache is not None)
        if results is not None:
            from ansum.brief.results import write_results

            write_results(results, digest, refs, store, bkey, state.fresh)
        if cache is None:
            store.close()
    return DigestResult(digest, state.partial, tuple(state.warnings))


def _driver_memo(store: BriefCache):
    """The driver's translation memo (as the local engine's: this run's, then the cache)."""
    from ansum.brief.cache import SqliteMemo
    from ansum.translation.memo import ChainMemo, DictMemo

    return ChainMemo(DictMemo(), SqliteMemo(store))


def _lsh_pairs(prepared, refs: list[Ref], options: DigestOptions) -> set[tuple[int, int]]:
    """The LSH candidate pairs (indexes into ``refs``) computed on Ray: band keys per
    article (tasks), grouped by key (a shuffle), pairs per group."""
    from ansum.brief import ray_stages

    d = options.dedup
    index = {r.where: i for i, r in enumerate(refs)}
    keys = prepared.map_batches(ray_stages.band_keys, batch_format="pyarrow",
                                fn_kwargs={"bands": d.bands, "rows": d.rows,
                                           "min_words": d.min_words})
    pairs = set()
    for row in keys.groupby("band").map_groups(ray_stages.band_pairs,
                                               batch_format="pyarrow").iter_rows():
        a, b = index.get(row["a"]), index.get(row["b"])
        if a is not None and b is not None:
            pairs.add((min(a, b), max(a, b)))
    return pairs


def _chunks(ds, size: int = 256) -> Iterable[list[dict]]:
    chunk = []
    for row in ds.iter_rows():
        chunk.append(row)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _collect(prepared, store, bkey: str, skipped: list, counts: dict, tell):
    """The driver's pass over the compact columns, in input order: refs (features,
    whether briefed before), skips, repeated ids — as the local pass 1 decides."""
    refs: list[Ref] = []
    order: dict[str, int] = {s.where: i for i, s in enumerate(skipped)}
    if prepared is None:
        return refs, order
    seen_ids: set[str] = set()
    for chunk in _chunks(prepared.select_columns(["where", "key", "meta"])):
        metas = [(row["where"], row["key"], json.loads(row["meta"])) for row in chunk]
        have_b = store.get_briefs(f"{k}:{bkey}" for _, k, m in metas if k)
        for where, key, m in metas:
            order.setdefault(where, len(order))
            if "skip" in m:
                skipped.append(Skipped(where, m["skip"]))
                continue
            if m["id"] in seen_ids:
                skipped.append(Skipped(where, f"id {m['id']!r} repeats an earlier article's"))
                continue
            seen_ids.add(m["id"])
            briefed = f"{key}:{bkey}" in have_b
            if "bad" in m:  # (the local engine does not re-validate a cached brief)
                skipped.append(Skipped(where, m["bad"]))
                continue
            ref = Ref(m["id"], where, m["title"], m["source"], m["url"], m["date"],
                      m["time_s"], key, spooled=not briefed)
            ref.features = features_from(m["features"], ref)
            refs.append(ref)
            counts["read"] += 1
        tell(dict(counts))
    return refs, order


def _brief(ray, prepared, to_brief: set[str], refs: list[Ref], options: DigestOptions,
           ropts: RayOptions, store, bkey: str, state: RunState, counts: dict,
           skipped: list, tell, tmp: str) -> None:
    """Brief the rows ``to_brief`` on the actor pool; apply the outcomes in input order."""
    from ansum.brief import ray_stages

    by_where = {r.where: r for r in refs}
    # The selection is made in the actors: a filter task upstream could starve when the
    # actors hold every CPU.
    ds = prepared.map_batches(
        ray_stages.Briefer, batch_format="pyarrow", batch_size=options.batch_articles,
        compute=ray.data.ActorPoolStrategy(size=ropts.concurrency),
        num_cpus=ropts.num_cpus, num_gpus=ropts.num_gpus,
        fn_constructor_kwargs={"options": options, "wanted": to_brief,
                               "kill_after": ropts.kill_after,
                               "kill_mark": ropts.kill_mark or os.path.join(tmp, "killed")})
    done: set[str] = set()
    for chunk in _chunks(ds):
        pairs = []
        for row in chunk:
            out = json.loads(row["out"])
            if "fatal" in out:
                reraise(out["fatal"], out["message"], out["hint"])
            if row["where"] in done:  # never expected: a retried window's rows once
                continue
            done.add(row["where"])
            pairs.append((by_where[row["where"]], out))
        apply_outcomes(pairs, store, bkey, state, counts, skipped)
        tell(dict(counts))
