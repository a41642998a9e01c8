"""``ansum models list|pull|import``: what models.toml names, what is cached, downloading.

Every string that comes from models.toml or the file system is passed through
:func:`ansum.render.safe.sanitize_line` before it reaches the terminal, and the table is
built from rich ``Text`` objects, so no markup in a config string is interpreted.
"""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from ansum.cli.common import err, guarded

models_app = typer.Typer(
    help="List, download and import the models named in models.toml.", no_args_is_help=True
)

_MODELS_OPTION = typer.Option(None, "--models", help="A models.toml overriding the shipped one.")
#: Column headers of the table and of the tab-separated lines when piped.
COLUMNS = ("model", "role", "profiles", "backend", "size", "status", "revision", "license")
_ROLES = {"summarize": "summarizer", "translate": "translator"}


def human_size(n: int) -> str:
    """``n`` bytes as "2.33 GB", "308.0 MB", "730 B" (decimal units, as the hub shows)."""
    for unit in ("B", "kB", "MB", "GB"):
        if n < 1000 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.2f} {unit}" if unit == "GB" \
                else f"{n:.1f} {unit}"
        n /= 1000
    return f"{n:.2f} GB"


def _clean(text: str) -> str:
    from ansum.render.safe import sanitize_line

    return sanitize_line(str(text))


def _pull_hint(st, config) -> str:
    """How to fetch a model that is not cached: the plain pull for the default profile's
    models, else a pull naming the model (a plain pull does not fetch it)."""
    if config.default_profile in st.profiles:
        return "ansum models pull"
    return f"ansum models pull {st.spec.name}"


def _status(st, config) -> str:
    spec = st.spec
    if not spec.needs_model:
        state = "no download needed"
    elif spec.is_local:
        state = f"local folder, {human_size(st.size_bytes)}" if st.cached else "folder not found"
    elif st.cached:
        state = f"cached, {human_size(st.size_bytes)}"
    elif st.converted:
        state = "converted (checkpoint not cached)"
    else:
        state = f"not cached ({_pull_hint(st, config)})"
    if st.converted:
        state += f"; converted: {', '.join(st.converted)}"
    if st.problem and st.problem != "folder not found":
        state += f"; problem: {st.problem}"
    return state


def _revision(st, short: bool) -> str:
    """The pinned revision; a ref name with the commit it resolved to when cached.
    ``short``: commits cut to 12 hex digits (the terminal table)."""
    spec = st.spec
    if not spec.needs_model or spec.is_local:
        return "-"
    cut = (lambda c: c[:12]) if short else (lambda c: c)
    if st.commit and st.commit != spec.revision:
        return f"{spec.revision} = {cut(st.commit)}"
    return cut(spec.revision) if len(spec.revision) == 40 else spec.revision


def _row(st, config, *, short: bool = False) -> list[str]:
    spec = st.spec
    size = human_size(spec.download_bytes) if spec.download_bytes else "-"
    return [_clean(v) for v in (
        spec.name, _ROLES.get(spec.task, spec.task), ", ".join(st.profiles) or "-",
        spec.backend, size, _status(st, config), _revision(st, short), spec.license or "-")]


#: Narrowest terminal (cells) that gets the table; narrower ones get one block per model.
_TABLE_MIN_WIDTH = 120


def _print_table(rows: list[list[str]], footer: list[str]) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from ansum.cli.common import color_wanted

    color = color_wanted(False)
    console = Console(color_system="auto" if color else None, highlight=False, soft_wrap=False)
    if console.width >= _TABLE_MIN_WIDTH:
        table = Table(show_edge=False, pad_edge=False, header_style="bold" if color else "")
        for name in COLUMNS:
            table.add_column(name, overflow="fold",
                             no_wrap=name in ("model", "role", "backend", "size", "revision"))
        for row in rows:
            table.add_row(*(Text(cell) for cell in row))
        console.print(table)
    else:
        # Too narrow for eight columns: one block per model, the name on its own line.
        for i, row in enumerate(rows):
            if i:
                console.print()
            cells = dict(zip(COLUMNS, row))
            console.print(Text(cells.pop("model"), style="bold" if color else ""))
            for name, cell in cells.items():
                console.print(Text(f"  {name + ':':<10}{cell}"), overflow="fold")
    for line in footer:
        console.print(Text(line))


@models_app.command("list")
@guarded
def models_list(
    profile: str | None = typer.Argument(None, help="Only the models this profile needs."),
    models_file: Path | None = _MODELS_OPTION,
    as_json: bool = typer.Option(
        False, "--json", help="Machine-readable output (one JSON object per model)."
    ),
) -> None:
    """List the models of models.toml: role, profiles, backend, download size, whether
    cached or converted, pinned revision, license; and where the caches are.

    On a terminal a table; piped, a header line and then one tab-separated line per model.
    """
    import json

    from ansum.backends import store
    from ansum.backends.catalog import list_models
    from ansum.backends.ct2_convert import cache_root
    from ansum.config import load_config

    config = load_config(models_file)
    statuses = list_models(config, profile)
    if as_json:
        for st in statuses:
            spec = st.spec
            sys.stdout.write(json.dumps({
                "name": spec.name, "task": spec.task, "backend": spec.backend,
                "repo": spec.repo, "revision": spec.revision, "commit": st.commit,
                "license": spec.license, "profiles": list(st.profiles), "cached": st.cached,
                "needs_download": st.needs_download, "size_bytes": st.size_bytes,
                "download_bytes": spec.download_bytes, "problem": st.problem,
                "converted": list(st.converted),
            }, ensure_ascii=False) + "\n")
        return
    tty = sys.stdout.isatty()
    rows = [_row(st, config, short=tty) for st in statuses]
    if not tty:
        sys.stdout.write("\t".join(COLUMNS) + "\n")
        sys.stdout.write("".join("\t".join(row) + "\n" for row in rows))
        return
    name = profile or config.default_profile
    total = sum(st.spec.download_bytes for st in list_models(config, name)
                if st.needs_download and not st.cached)
    footer = [f"Hugging Face cache: {_clean(store.hf_cache_dir())}",
              f"converted (CTranslate2) models: {_clean(cache_root())}"]
    if total:
        footer.append(f"`ansum models pull{'' if name == config.default_profile else ' ' + name}`"
                      f" downloads {human_size(total)} for profile {_clean(name)}")
    offline = store.offline_reason()
    if offline:
        footer.append(f"offline: {_clean(offline)}")
    _print_table(rows, footer)


def _specs_for(config, names: list[str]):
    """Specs of the profiles or models named (default: the default profile), in order,
    without duplicates.

    Raises:
        ConfigError: a name that is neither a profile nor a model.
    """
    from ansum.config import resolve_models
    from ansum.errors import ConfigError

    out = []
    for name in names or [None]:
        if name is None or name in config.profiles:
            found = [s for s in resolve_models(config, profile=name) if s is not None]
        elif name in config.models:
            found = [config.models[name]]
        else:
            raise ConfigError(
                f"unknown profile or model {name!r} (profiles: "
                f"{', '.join(sorted(config.profiles))}; models: {', '.join(config.models)})",
                hint="see `ansum models list`")
        out += [s for s in found if s not in out]
    return out


@models_app.command("pull")
@guarded
def models_pull(
    names: list[str] = typer.Argument(
        None, metavar="[PROFILE|MODEL]...",
        help="Profiles or models to download (default: the default profile's models)."),
    models_file: Path | None = _MODELS_OPTION,
    to: Path | None = typer.Option(
        None, "--to", metavar="DIR",
        help="Write the models into DIR (a Hugging Face cache layout) for a machine "
             "without network; there: `ansum models import DIR`. Nothing is converted."),
) -> None:
    """Download the models a profile needs into the Hugging Face cache (safetensors only)
    and convert the CTranslate2 ones."""
    from ansum.backends.catalog import pull
    from ansum.config import load_config

    config = load_config(models_file)
    specs = _specs_for(config, names or [])
    if not any(s.needs_model for s in specs):
        asked = ", ".join(names or [config.default_profile])
        err(f"nothing to pull: {asked} needs no downloaded model "
            f"({', '.join(s.name for s in specs)} is model-free)")
        return
    for st in pull(specs, progress=sys.stderr.isatty(), on_message=err, to=to):
        where = st.local_path or "-"
        err(f"{st.spec.name}: ready ({where})")
    if to is not None:
        err(f"copy {to} to the machine without network and run "
            f"`ansum models import {to}` there")


@models_app.command("import")
@guarded
def models_import(
    folder: Path = typer.Argument(..., metavar="DIR",
                                  help="A folder written by `ansum models pull --to DIR`."),
    models_file: Path | None = _MODELS_OPTION,
) -> None:
    """Copy models pulled on another machine (`ansum models pull --to DIR`) into this
    machine's Hugging Face cache; no network needed."""
    from ansum.backends import store
    from ansum.backends.catalog import list_models
    from ansum.backends.offline import import_cache
    from ansum.config import load_config

    config = load_config(models_file)
    for item in import_cache(folder):
        err(f"imported {item.repo} ({', '.join(c[:12] for c in item.commits)}; "
            f"{item.files} new files) into {store.hf_cache_dir()}")
    for st in list_models(config):
        if st.cached and st.needs_download:
            err(f"{st.spec.name}: cached ({st.local_path})")
            if st.spec.backend == "ctranslate2" and not st.converted:
                err(f"{st.spec.name}: converts on first use, or now with `ansum models pull "
                    f"{st.spec.name}` (offline is fine; needs ansum[hf])")
