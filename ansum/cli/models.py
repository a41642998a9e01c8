"""``ansum models list|pull``: what models.toml names, what is cached, downloading."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from ansum.cli.common import err, guarded

models_app = typer.Typer(
    help="List and download the models named in models.toml.", no_args_is_help=True
)


def _human_size(n: int) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if n < 1000 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1000
    return f"{n:.1f} GB"


@models_app.command("list")
@guarded
def models_list(
    profile: str | None = typer.Argument(None, help="Only the models this profile needs."),
    models_file: Path | None = typer.Option(
        None, "--models", help="A models.toml overriding the shipped one."
    ),
    as_json: bool = typer.Option(
        False, "--json", help="Machine-readable output (one JSON object per model)."
    ),
) -> None:
    """List the models of models.toml: profiles using them, cache status, size, license."""
    import json

    from ansum.backends.catalog import list_models
    from ansum.config import load_config

    config = load_config(models_file)
    rows = list_models(config, profile)
    for st in rows:
        spec = st.spec
        if as_json:
            sys.stdout.write(
                json.dumps(
                    {
                        "name": spec.name,
                        "task": spec.task,
                        "backend": spec.backend,
                        "repo": spec.repo,
                        "revision": spec.revision,
                        "license": spec.license,
                        "profiles": list(st.profiles),
                        "cached": st.cached,
                        "needs_download": st.needs_download,
                        "size_bytes": st.size_bytes,
                        "problem": st.problem,
                        "converted": list(st.converted),
                    },
                    ensure_ascii=False,
                )
                + "\n"
            )
            continue
        if not spec.needs_model:
            state = "no download needed"
        elif st.cached:
            state = f"cached, {_human_size(st.size_bytes)}"
        elif st.converted:
            state = "converted (checkpoint not cached)"
        else:
            state = "not cached (ansum models pull)"
        if st.converted:
            state += f"; converted: {', '.join(st.converted)}"
        if st.problem:
            state += f"; problem: {st.problem}"
        sys.stdout.write(
            f"{spec.name}\t{spec.task}\t{spec.repo or '-'}\t{state}\t"
            f"license: {spec.license or '-'}\tprofiles: {', '.join(st.profiles) or '-'}\n"
        )


@models_app.command("pull")
@guarded
def models_pull(
    profile: str | None = typer.Argument(
        None, help="Profile whose models to download (default: the default profile)."
    ),
    models_file: Path | None = typer.Option(
        None, "--models", help="A models.toml overriding the shipped one."
    ),
) -> None:
    """Download the models a profile needs into the Hugging Face cache (safetensors only)."""
    from ansum.backends.catalog import pull
    from ansum.config import load_config, resolve_models

    config = load_config(models_file)
    specs = [s for s in resolve_models(config, profile=profile) if s is not None]
    for st in pull(specs, progress=sys.stderr.isatty(), on_message=err):
        where = st.local_path or "-"
        err(f"{st.spec.name}: ready ({where})")
