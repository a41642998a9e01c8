"""Models for a machine without network: bring a pulled hub cache into this one.

On a machine with network, ``ansum models pull [PROFILE] --to DIR`` writes the models into
``DIR`` in the Hugging Face hub cache layout (``models--org--name/blobs``,
``snapshots/<commit>/``, ``refs/<revision>``: what ``snapshot_download(cache_dir=DIR)``
writes).  Copy ``DIR`` over (USB disk, scp); then ``ansum models import DIR``
(:func:`import_cache`) merges it into this machine's hub cache
(:func:`ansum.backends.store.hf_cache_dir`), and the runs find the models offline.
Setting ``HF_HOME=DIR`` (its ``hub/`` subfolder) or ``HF_HUB_CACHE=DIR`` instead makes
the hub library read that folder in place.  No network and no heavy import here.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from ansum.backends import store
from ansum.errors import InputError


@dataclass(frozen=True)
class Imported:
    """One repository brought in: its hub ``repo`` id, the ``commits`` of its snapshots,
    the ``refs`` (revision names) it maps, and ``files`` copied (already present: 0)."""

    repo: str
    commits: tuple[str, ...]
    refs: tuple[str, ...]
    files: int


def find_repos(src: Path) -> list[Path]:
    """The ``models--*`` folders under ``src`` (a hub cache, or an ``HF_HOME`` holding
    ``hub/``), sorted.

    Raises:
        InputError: ``src`` is not a folder or holds no ``models--*/snapshots``.
    """
    src = Path(src).expanduser()
    if not src.is_dir():
        raise InputError(f"{src} is not a folder",
                         hint="pass the DIR written by `ansum models pull --to DIR`")
    for root in (src, src / "hub"):
        repos = sorted(p for p in root.glob("models--*") if (p / "snapshots").is_dir())
        if repos:
            return repos
    raise InputError(f"{src} holds no models (no models--*/snapshots folder)",
                     hint="pass the DIR written by `ansum models pull --to DIR`")


def _repo_id(folder: Path) -> str:
    return folder.name[len("models--"):].replace("--", "/", 1)


def _copy_tree(src: Path, dest: Path) -> int:
    """Copy the files of ``src`` into ``dest`` (symlinks kept as links), skipping files
    already there; return how many were copied."""
    copied = 0
    for path in sorted(src.rglob("*")):
        target = dest / path.relative_to(src)
        if path.is_dir() and not path.is_symlink():
            target.mkdir(parents=True, exist_ok=True)
            continue
        if target.exists() or target.is_symlink():
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        if path.is_symlink():
            target.symlink_to(path.readlink())
        else:
            shutil.copy2(path, target)
        copied += 1
    return copied


def import_cache(src: Path, dest: Path | None = None) -> list[Imported]:
    """Merge the hub cache at ``src`` into ``dest`` (default: this machine's hub cache).

    Blobs and snapshots are added (existing files are kept); ``refs/`` files are
    replaced, so a revision name maps to the imported commit.  A snapshot's links point
    into its own ``blobs/`` (relative), so they stay valid in the new place.

    Returns:
        One :class:`Imported` per repository, in name order.

    Raises:
        InputError: ``src`` holds no models (see :func:`find_repos`), or ``src`` is
            the destination itself.
        OSError: a file cannot be written (disk full, permissions).
    """
    dest = Path(dest or store.hf_cache_dir())
    repos = find_repos(src)
    if repos[0].parent.resolve() == dest.resolve():
        raise InputError(f"{src} is already the Hugging Face cache in use",
                         hint="nothing to import")
    out = []
    for repo in repos:
        target = dest / repo.name
        files = _copy_tree(repo / "blobs", target / "blobs") if (repo / "blobs").is_dir() else 0
        files += _copy_tree(repo / "snapshots", target / "snapshots")
        refs = []
        for ref in sorted((repo / "refs").rglob("*")) if (repo / "refs").is_dir() else ():
            if ref.is_file():
                name = ref.relative_to(repo / "refs")
                (target / "refs" / name).parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(ref, target / "refs" / name)
                refs.append(str(name.as_posix()))
        commits = tuple(sorted(p.name for p in (repo / "snapshots").iterdir() if p.is_dir()))
        out.append(Imported(_repo_id(repo), commits, tuple(refs), files))
    return out
