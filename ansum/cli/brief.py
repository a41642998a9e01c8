"""``ansum brief``: the daily brief of many articles (stories, duplicates, figures)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import typer

from ansum.cli import options
from ansum.cli.common import (
    check_color,
    check_device_here,
    check_engine,
    color_wanted,
    err,
    log_progress_to_stderr,
)
from ansum.cli.output import check_out, write_out, write_stdout
from ansum.errors import EXIT_BAD_INPUT, EXIT_OK, EXIT_PARTIAL, InputError


def brief(
    paths: list[str] = typer.Argument(
        None, metavar="[PATH]...", show_default=False,
        help="Article files (.txt .html .htm), folders (read recursively), JSON Lines "
        "(.jsonl, .jsonl.gz: one article per line with 'text'), or '-' for JSON Lines on stdin.",
    ),
    feeds: list[str] = typer.Option(
        None, "--feed", metavar="URL|FILE",
        help="An RSS/Atom feed (URL or file); each item's page is fetched. Repeatable.",
    ),
    feed_allow_private: bool = typer.Option(
        False, "--feed-allow-private",
        help="Let --feed fetch from loopback and private network addresses (refused by default).",
    ),
    fmt: str | None = options.FORMAT,
    sentences: int = typer.Option(
        3, "--sentences", "-n", min=1, max=50, metavar="N",
        help="Summary sentences per story, 1-50 (extractive).",
    ),
    claims: int = typer.Option(
        5, "--claims", "-k", min=0, max=50, metavar="N", help="Key claims per story, 0-50."
    ),
    profile: str | None = options.PROFILE,
    summarizer: str | None = options.SUMMARIZER,
    translator: str | None = options.TRANSLATOR,
    models_file: Path | None = options.MODELS_FILE,
    offline: bool = options.OFFLINE,
    device: str = options.DEVICE,
    strict: bool = options.STRICT,
    max_chars: int = options.MAX_CHARS,
    batch_articles: int = typer.Option(
        16, "--batch-articles", min=1, metavar="N",
        help="Articles whose model calls are batched together (1 = one at a time).",
    ),
    engine: str = typer.Option(
        "local", "--engine", metavar="ENGINE", callback=check_engine,
        help="local (this process) or ray (Ray Data; pip install 'ansum[ray]').",
    ),
    address: str | None = typer.Option(
        None, "--address", metavar="ADDRESS",
        help="--engine ray: 'auto' joins a running cluster, 'ray://HOST:PORT' a remote one "
        "(default: a local Ray instance).",
    ),
    workers: int = typer.Option(
        1, "--workers", min=1, metavar="N",
        help="--engine ray: briefing actors (each loads the models once).",
    ),
    worker_cpus: float = typer.Option(
        1.0, "--worker-cpus", min=0.0, metavar="N", help="--engine ray: CPUs per actor."
    ),
    worker_gpus: float = typer.Option(
        0.0, "--worker-gpus", min=0.0, metavar="N", help="--engine ray: GPUs per actor."
    ),
    results: Path | None = typer.Option(
        None, "--results", metavar="DIR",
        help="Also write one row per article to DIR/briefs.parquet (needs pyarrow, "
        "installed with ansum[ray]).",
    ),
    cache: Path | None = typer.Option(
        None, "--cache", metavar="FILE",
        help="The cache database (default: brief.sqlite3 in the user cache folder).",
    ),
    no_cache: bool = typer.Option(
        False, "--no-cache", help="Neither read nor write the cache (nothing is 'continuing')."
    ),
    idf: str | None = typer.Option(
        None, "--idf", metavar="FILE|input",
        help="Document frequencies for grouping stories: a table written by "
        "DocumentFrequencies.save (.json.gz), or 'input' to count them over the input; "
        "default: the shipped table of 31,302 Arabic news articles of 2018.",
    ),
    out: Path | None = options.OUT,
    color: str = typer.Option(
        "auto", "--color", metavar="WHEN", callback=check_color,
        help="auto, always or never (terminal format only).",
    ),
    no_color: bool = options.NO_COLOR,
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No warnings or progress on stderr."),
) -> None:
    """Brief a day of news: one item per story, duplicates folded, figures compared.

    \b
    Examples:
      ansum brief -p extractive ~/news/2018-04-14/
      ansum brief -f json day.jsonl.gz | jq '.stories[0].figures_compared'
      ansum brief --feed https://example.com/rss.xml -f html -o brief.html
      ansum brief --engine ray --workers 4 --results out/ corpus.jsonl.gz

    \b
    Exit statuses:
      0    the brief is complete
      2    bad command line
      3    bad input: nothing to brief, or some files/lines skipped (each named on
           stderr; the brief of the rest is still written), --out or the cache
           an input, an unusable cache (another version, read-only, not SQLite)
      4    --strict and a model is not available
      5    partial brief: a model was unavailable, a stage fell back
      6    bad models.toml, unknown name or format, device not available,
           --engine ray without the ray extra (pip install 'ansum[ray]')
      130  interrupted; 141 stdout closed early; 143 terminated (SIGTERM)
    """
    from ansum.brief.build import DigestOptions, build_digest
    from ansum.render.base import RenderOptions
    from ansum.render.digest import DIGEST_RENDERERS, render_digest
    from ansum.runtime import BriefOptions

    paths, feeds = list(paths or []), list(feeds or [])
    if not quiet:
        log_progress_to_stderr()
    if out is not None and str(out) == "-":
        out = None  # the usual spelling of stdout
    if fmt is None:
        fmt = "terminal" if (out is None and sys.stdout.isatty()) else "plain"
    fmt = fmt.lower()
    if fmt not in DIGEST_RENDERERS:
        render_digest(fmt, {}, RenderOptions())  # raises ConfigError naming the formats
    check_device_here(device)
    if engine == "local" and address is not None:
        raise typer.BadParameter("--address needs --engine ray", param_hint="--address")
    if engine == "ray":
        from ansum.brief.ray_engine import require_ray

        require_ray()  # ConfigError (exit 6) naming the extra, before any reading
        if feeds:
            raise InputError("--engine ray reads files and folders, not --feed",
                             "use --engine local for feeds")
    if results is not None:
        from ansum.brief.results import require_pyarrow

        require_pyarrow()
    if not paths and not feeds:
        raise InputError("no input: give article files, folders, JSON Lines or --feed",
                         "e.g. ansum brief day.jsonl")
    if paths.count("-") > 1:
        raise InputError("stdin ('-') can be given only once")
    if out is not None:
        check_out(out, paths)
    cache_path = None if no_cache else (cache if cache is not None else _default_cache())
    _check_not_inputs(paths, out, cache_path)
    mode = "never" if no_color else color
    use_color = fmt == "terminal" and (out is None or mode == "always") and color_wanted(mode)
    from ansum.brief.features import DocumentFrequencies, shipped_frequencies  # 0.1 s

    df = shipped_frequencies() if idf is None else None  # "input": counted over the input
    if idf not in (None, "input"):
        try:
            df = DocumentFrequencies.load(idf)
        except (OSError, ValueError, KeyError, EOFError) as exc:
            raise InputError(f"--idf {idf}: not a document-frequency table ({exc})",
                             "give a file written by DocumentFrequencies.save") from None
    options = DigestOptions(
        brief=BriefOptions(sentences=sentences, claims=claims, profile=profile,
                           summarizer=summarizer, translator=translator,
                           models_file=models_file, offline=offline, device=device,
                           strict=strict),
        batch_articles=batch_articles, max_chars=max_chars, idf=df)
    store = None if no_cache else _open_cache(cache_path, user_given=cache is not None)
    records = None
    if feeds:
        from ansum.brief.feed import FeedOptions, iter_feeds
        from ansum.brief.inputs import iter_inputs

        feed_opts = FeedOptions(allow_private=feed_allow_private, max_chars=max_chars)
        records = _chain(iter_inputs(paths, max_chars=max_chars) if paths else iter(()),
                         iter_feeds(feeds, feed_opts))
    try:
        with _progress(enabled=not quiet) as tell:
            if engine == "ray":
                from ansum.brief.ray_engine import RayOptions, build_digest_ray

                ropts = RayOptions(address=address, concurrency=workers,
                                   num_cpus=worker_cpus, num_gpus=worker_gpus)
                result = build_digest_ray(paths, options, ropts, cache=store, progress=tell,
                                          results=results)
            else:
                result = build_digest(paths + feeds, options, cache=store, records=records,
                                      progress=tell, results=results)
    finally:
        if store is not None:
            store.close()
    digest = result.digest
    if not quiet:
        for s in digest["inputs"]["skipped"]:
            err(f"warning: {s['where']}: skipped: {s['reason']}")
        for w in result.warnings:
            err(f"warning: {w}")
    import shutil

    width = shutil.get_terminal_size().columns if fmt == "terminal" else None
    text = render_digest(fmt, digest, RenderOptions(color=use_color, width=width))
    if out is None:
        write_stdout(text)
    else:
        write_out(out, text)
    status = EXIT_OK
    if digest["inputs"]["skipped"]:
        status = EXIT_BAD_INPUT
    elif result.partial:
        status = EXIT_PARTIAL
    raise typer.Exit(status)


def _chain(*iterables):
    for it in iterables:
        yield from it


def _default_cache() -> Path:
    from ansum.brief.cache import default_cache_path

    return default_cache_path()


def _check_not_inputs(paths: list[str], out: Path | None, cache: Path | None) -> None:
    """Refuse (exit 3) an ``--out`` or cache file that is an input, found in a scanned
    folder too, or a cache that is the ``--out`` file; before anything is written."""
    from ansum.brief.inputs import display_path, find_protected, same_path

    if out is not None and cache is not None and same_path(out, cache):
        raise InputError(f"--out {display_path(out)} is also the cache file; "
                         "refusing to overwrite it", "choose another --out or --cache")
    protected = {}
    if out is not None:
        protected["--out"] = out
    if cache is not None:
        protected["the cache file"] = cache
    if not protected or not paths:
        return
    hit = find_protected([p for p in paths if p != "-"], protected)
    if hit is not None:
        label, found = hit
        what = f"--out {display_path(out)}" if label == "--out" else \
            f"the cache file {display_path(cache)}"
        raise InputError(f"refusing to overwrite input {display_path(found)}: it is {what}",
                         "choose another output path" if label == "--out"
                         else "choose another --cache FILE, or --no-cache")


def _open_cache(target: Path, *, user_given: bool):
    """The cache at ``target``; its folder is created only for the default location
    (``user_given`` False); exit 3 when unusable."""
    from ansum.brief.cache import BriefCache

    return BriefCache(target, create_folder=not user_given)  # CacheError: exit 3


def _progress(*, enabled: bool):
    """A context manager yielding ``tell(counts)``: a rich status line on stderr when it
    is a terminal and ``enabled``, else a no-op."""
    import contextlib

    if not (enabled and sys.stderr.isatty()):
        return contextlib.nullcontext(lambda counts: None)

    @contextlib.contextmanager
    def status():
        from rich.console import Console

        console = Console(file=sys.stderr, no_color=bool(os.environ.get("NO_COLOR")))
        with console.status("reading…") as live:
            def tell(c: dict) -> None:
                live.update(f"read {c['read']} · from cache {c['from_cache']} · "
                            f"briefed {c['briefed']} · stories {c['stories']}")
            yield tell

    return status()
