"""The neural path end to end: `ansum summarize` through tiny random-weight models.

Random weights give nonsense text, so these tests check structure: chunking,
1:1 alignment of Arabic and English for every family, determinism, and the
offline / partial-brief behaviour.
"""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from ansum.cli import app

pytestmark = pytest.mark.neural


def run(*args: str):
    return CliRunner().invoke(app, list(args))


def brief_of(result) -> dict:
    assert result.exit_code in (0, 5), result.stderr
    (line,) = [ln for ln in result.stdout.splitlines() if ln.strip()]
    return json.loads(line)


@pytest.fixture(scope="module")
def kremlin_tiny(tiny_models_toml, kremlin_path):
    return run(
        "summarize", "--models", str(tiny_models_toml), "--offline", "-f", "json", str(kremlin_path)
    )


def test_abstractive_summary_uses_several_chunks(kremlin_tiny):
    brief = brief_of(kremlin_tiny)
    summary_stage = next(p for p in brief["provenance"] if p["stage"] == "summary")
    assert summary_stage["method"].startswith("transformers:")
    assert summary_stage["chunks"] > 1  # the article is far over the 64-token window
    assert brief["summary"] and all(s["index"] is None for s in brief["summary"])


def test_english_aligned_one_to_one(kremlin_tiny):
    brief = brief_of(kremlin_tiny)
    assert all(isinstance(s["en"], str) for s in brief["summary"])
    assert brief["claims"] and all(isinstance(c["en"], str) for c in brief["claims"])
    translation = next(p for p in brief["provenance"] if p["stage"] == "translation")
    assert translation["method"].startswith("transformers:")
    assert translation["method"].rstrip("/").endswith("/marian")
    assert brief["english"]["status"] in ("ok", "partial")


@pytest.mark.parametrize("family", ["marian", "mbart50", "m2m100", "nllb"])
def test_every_translator_family_stays_aligned(family, tiny_models_toml, kremlin_path):
    r = run(
        "summarize",
        "--models",
        str(tiny_models_toml),
        "--offline",
        "-p",
        f"tiny-{family}",
        "--summarizer",
        "extractive",
        "-f",
        "json",
        "-n",
        "3",
        "-k",
        "4",
        str(kremlin_path),
    )
    brief = brief_of(r)
    assert len(brief["summary"]) == 3 and len(brief["claims"]) == 4
    assert all(isinstance(s["en"], str) for s in brief["summary"] + brief["claims"])
    translation = next(p for p in brief["provenance"] if p["stage"] == "translation")
    assert translation["method"].startswith("transformers:")
    assert translation["method"].rstrip("/").endswith(f"/{family}")  # the tiny model's folder


def test_greedy_decoding_deterministic(tiny_models_toml, kremlin_path, kremlin_tiny):
    again = run(
        "summarize", "--models", str(tiny_models_toml), "--offline", "-f", "json", str(kremlin_path)
    )
    a, b = brief_of(kremlin_tiny), brief_of(again)
    assert a["summary"] == b["summary"]
    assert [c["en"] for c in a["claims"]] == [c["en"] for c in b["claims"]]


def test_uncached_hub_model_offline_gives_partial_brief_fast(tmp_path, kremlin_path):
    import time

    toml = tmp_path / "models.toml"
    toml.write_text(
        '[models.ghost]\ntask = "translate"\nbackend = "transformers"\n'
        'repo = "nobody/no-such-model"\nfamily = "marian"\nlicense = "none"\n'
        "max_input_tokens = 512\n\n"
        '[profiles.ghost]\nsummarizer = "extractive"\ntranslator = "ghost"\n',
        encoding="utf-8",
    )
    t = time.perf_counter()
    r = run("summarize", "--models", str(toml), "-p", "ghost", "-f", "json", str(kremlin_path))
    assert time.perf_counter() - t < 10
    assert r.exit_code == 5
    brief = brief_of(r)
    assert brief["partial"] and brief["english"]["status"] == "none"
    assert "no-such-model" in brief["english"]["reason"]
    assert "ansum models pull" in r.stderr
    r = run("summarize", "--models", str(toml), "-p", "ghost", "--strict", str(kremlin_path))
    assert r.exit_code == 4 and r.stdout == ""
    assert "no-such-model" in r.stderr and len(r.stderr.strip().splitlines()) == 1


def test_pickle_only_checkpoint_refused(tmp_path, tiny_models, kremlin_path):
    import shutil

    folder = tmp_path / "pickle-marian"
    shutil.copytree(tiny_models["marian"], folder)
    for f in folder.glob("*.safetensors"):
        f.unlink()
    (folder / "pytorch_model.bin").write_bytes(b"not really a pickle")
    toml = tmp_path / "models.toml"
    toml.write_text(
        '[models.pk]\ntask = "translate"\nbackend = "transformers"\n'
        f"repo = {json.dumps(str(folder))}\n"
        'family = "marian"\nlicense = "none"\nmax_input_tokens = 64\n\n'
        '[profiles.pk]\nsummarizer = "extractive"\ntranslator = "pk"\n',
        encoding="utf-8",
    )
    r = run("summarize", "--models", str(toml), "-p", "pk", "--strict", str(kremlin_path))
    assert r.exit_code == 4
    assert "pytorch_model.bin" in r.stderr or "pickle" in r.stderr
