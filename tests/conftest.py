"""Shared fixtures: every test runs with user, cache and hub dirs in a temp folder,
offline, and without colour, so no test reads the developer's files or the network."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

pytest_plugins = ["tinymodels"]  # fixtures tiny_models, tiny_models_toml (tests/tinymodels.py)

#: Real data shared by the team (never copied into the project): $ANSUM_SHARED_DATA, else
#: ../shared/data next to the checkout.
SHARED_DATA = Path(
    os.environ.get("ANSUM_SHARED_DATA", Path(__file__).resolve().parents[2] / "shared" / "data")
)


@pytest.fixture(autouse=True)
def _isolate_user_dirs(tmp_path_factory, monkeypatch):
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / ".cache"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.setenv("HF_HOME", str(home / "hf"))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    monkeypatch.setenv("TRANSFORMERS_OFFLINE", "1")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.delenv("ANSUM_MODELS", raising=False)
    monkeypatch.delenv("ANSUM_PROFILE", raising=False)
    yield


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """Path of ../shared/data; tests that need it skip when it is absent."""
    if not SHARED_DATA.is_dir():
        pytest.skip(f"shared data not found at {SHARED_DATA}")
    return SHARED_DATA


@pytest.fixture(scope="session")
def kremlin_path(shared_data) -> Path:
    return shared_data / "articles" / "kremlin-call-2021-12-30.txt"
