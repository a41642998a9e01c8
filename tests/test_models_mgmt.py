"""Model files: folder checks, hub cache lookups, `models list` data, pull without network."""

from __future__ import annotations

import json
import re
import shutil
import struct
import time
from dataclasses import replace
from pathlib import Path

import pytest
from terminal import ansum_on_a_pty

from ansum.backends import catalog
from ansum.backends import store as mm
from ansum.config import load_config
from ansum.errors import ModelUnavailableError

COMMIT = "0123456789abcdef0123456789abcdef01234567"


def safetensors_bytes(n_floats: int = 2) -> bytes:
    """A valid safetensors file: 8-byte header length, JSON header, data."""
    header = json.dumps({"w": {"dtype": "F32", "shape": [n_floats],
                               "data_offsets": [0, 4 * n_floats]}}).encode()
    return struct.pack("<Q", len(header)) + header + b"\0" * (4 * n_floats)


def model_folder(path: Path, *, weights: bytes | None = None) -> Path:
    path.mkdir(parents=True)
    (path / "config.json").write_text('{"model_type": "marian"}', encoding="utf-8")
    (path / "model.safetensors").write_bytes(safetensors_bytes() if weights is None else weights)
    return path


def fake_hub_cache(repo: str, files_from: Path, revision: str = "main") -> Path:
    """Lay out ``repo`` in the hub cache as huggingface_hub does: refs/REV → snapshots/SHA."""
    storage = mm.hf_cache_dir() / f"models--{repo.replace('/', '--')}"
    commit = revision if len(revision) == 40 else COMMIT
    if commit != revision:  # a branch or refs/pr/N: refs/REV holds the commit
        ref = storage / "refs" / revision
        ref.parent.mkdir(parents=True)
        ref.write_text(COMMIT)
    snapshot = storage / "snapshots" / commit
    shutil.copytree(files_from, snapshot)
    return snapshot


def spec_for(repo: str, revision: str = "main"):
    return replace(load_config().models["opus-mt-ar-en"], repo=repo, revision=revision)


# --- folder checks (no torch) --------------------------------------------------------


def test_check_model_folder_accepts_a_good_folder(tmp_path):
    folder = model_folder(tmp_path / "m")
    assert mm.check_model_folder(folder) == [folder / "model.safetensors"]


def test_missing_folder_and_config_are_named(tmp_path):
    with pytest.raises(ModelUnavailableError, match="model folder not found: .*nowhere"):
        mm.check_model_folder(tmp_path / "nowhere")
    folder = model_folder(tmp_path / "m")
    (folder / "config.json").unlink()
    with pytest.raises(ModelUnavailableError, match=r"config\.json is missing"):
        mm.check_model_folder(folder)


def test_corrupt_config_is_refused_naming_the_file(tmp_path):
    folder = model_folder(tmp_path / "m")
    (folder / "config.json").write_text('{"model_type": ', encoding="utf-8")
    with pytest.raises(ModelUnavailableError) as info:
        mm.check_model_folder(folder)
    assert f"{folder / 'config.json'} is corrupt" in info.value.message


def test_pickle_only_weights_are_refused(tmp_path):
    folder = model_folder(tmp_path / "m")
    (folder / "model.safetensors").unlink()
    (folder / "pytorch_model.bin").write_bytes(b"\x80\x02}q\x00.")
    with pytest.raises(ModelUnavailableError) as info:
        mm.check_model_folder(folder)
    assert str(folder / "pytorch_model.bin") in info.value.message
    assert "pickle weights are not loaded; convert to safetensors" in info.value.message
    (folder / "pytorch_model.bin").unlink()
    with pytest.raises(ModelUnavailableError, match=r"no \*\.safetensors weights"):
        mm.check_model_folder(folder)


@pytest.mark.parametrize("keep", [-1, -3, 20, 4])
def test_truncated_safetensors_is_refused_naming_the_file(tmp_path, keep):
    folder = model_folder(tmp_path / "m", weights=safetensors_bytes()[:keep])
    with pytest.raises(ModelUnavailableError) as info:
        mm.check_model_folder(folder)
    assert str(folder / "model.safetensors") in info.value.message


# --- cache lookups and status --------------------------------------------------------


def test_hf_cache_dir_follows_the_environment(tmp_path, monkeypatch):
    assert mm.hf_cache_dir() == Path(mm.os.environ["HF_HOME"]) / "hub"
    monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path / "c"))
    assert mm.hf_cache_dir() == tmp_path / "c"


@pytest.mark.parametrize("revision", ["main", "refs/pr/7"])
def test_cached_hub_model_is_found_without_network(tmp_path, revision):
    snapshot = fake_hub_cache("org/tiny", model_folder(tmp_path / "src"), revision)
    spec = spec_for("org/tiny", revision)
    assert mm.cached_snapshot(spec) == snapshot
    assert mm.resolve_model_path(spec, offline=True) == snapshot
    status = catalog.model_status(spec)
    assert (status.cached, status.local_path, status.problem) == (True, snapshot, None)
    assert status.size_bytes == sum(p.stat().st_size for p in snapshot.iterdir())


def test_uncached_offline_fails_at_once_with_the_fix(monkeypatch):
    monkeypatch.setattr(mm, "hub_reachable", lambda *a: pytest.fail("probed the network"))
    spec = spec_for("org/absent")
    start = time.perf_counter()
    with pytest.raises(ModelUnavailableError) as info:
        mm.resolve_model_path(spec)  # HF_HUB_OFFLINE=1 from conftest
    assert time.perf_counter() - start < 2.0
    err = info.value
    assert "model opus-mt-ar-en (org/absent) is not in the Hugging Face cache" in err.message
    assert "ansum models pull" in err.hint and "--profile extractive" in err.hint


def test_unreachable_hub_fails_within_seconds(monkeypatch):
    monkeypatch.delenv("HF_HUB_OFFLINE")
    monkeypatch.delenv("TRANSFORMERS_OFFLINE")
    monkeypatch.setenv("HF_ENDPOINT", "http://127.0.0.1:9")  # discard port: refused at once
    start = time.perf_counter()
    assert mm.hub_reachable() is False
    with pytest.raises(ModelUnavailableError, match=r"http://127\.0\.0\.1:9 cannot be reached"):
        mm.resolve_model_path(spec_for("org/absent"))
    with pytest.raises(ModelUnavailableError, match=r"cannot download model opus-mt-ar-en "
                       r"\(org/absent\): http://127\.0\.0\.1:9 cannot be reached"):
        catalog.pull([spec_for("org/absent")])
    assert time.perf_counter() - start < 3.0


def test_cached_pickle_only_snapshot_reports_the_problem(tmp_path):
    src = model_folder(tmp_path / "src")
    (src / "model.safetensors").rename(src / "pytorch_model.bin")
    fake_hub_cache("org/pickled", src)
    status = catalog.model_status(spec_for("org/pickled"))
    assert status.cached and "pickle weights are not loaded" in status.problem
    with pytest.raises(ModelUnavailableError, match="pickle weights"):
        mm.resolve_model_path(spec_for("org/pickled"))


def test_list_models_reports_cached_and_uncached(tmp_path):
    fake_hub_cache("Helsinki-NLP/opus-mt-ar-en", model_folder(tmp_path / "src"),
                   load_config().models["opus-mt-ar-en"].revision)
    config = load_config()
    statuses = {s.spec.name: s for s in catalog.list_models(config)}
    assert list(statuses) == list(config.models)
    assert statuses["opus-mt-ar-en"].cached and statuses["opus-mt-ar-en"].size_bytes > 0
    assert statuses["opus-mt-ar-en"].profiles == ("transformers",)
    assert statuses["opus-mt-ar-en-ct2"].profiles == ("default", "extractive-en")
    xlsum = statuses["mt5-xlsum"]
    assert (xlsum.cached, xlsum.needs_download, xlsum.local_path, xlsum.size_bytes) == (
        False, True, None, 0)
    assert xlsum.profiles == ("m2m100", "mbart50", "nllb", "transformers")
    assert "non-commercial" in xlsum.spec.license
    extractive = statuses["extractive"]
    assert (extractive.cached, extractive.needs_download) == (True, False)
    only = catalog.list_models(config, "extractive")
    assert [s.spec.name for s in only] == ["extractive"]


@pytest.mark.neural
def test_list_models_with_local_folders(tmp_path, tiny_models_toml):
    statuses = catalog.list_models(load_config(tiny_models_toml), "tiny-nllb")
    assert [s.spec.name for s in statuses] == ["tiny-mt5", "tiny-nllb"]
    for status in statuses:
        assert status.cached and not status.needs_download and status.problem is None
        assert status.size_bytes > 1000


def test_pull_offline_and_model_free(monkeypatch):
    monkeypatch.delenv("TRANSFORMERS_OFFLINE")
    config = load_config()
    monkeypatch.setattr(mm, "hub_reachable", lambda *a: pytest.fail("probed the network"))
    assert catalog.pull([config.models["extractive"]]) == []
    with pytest.raises(ModelUnavailableError) as info:
        catalog.pull([config.models["nllb-600m"], config.models["mt5-xlsum"]])
    message = info.value.message
    assert message.startswith("cannot download models nllb-600m (facebook/nllb-200-distilled"
                              "-600M), mt5-xlsum (csebuetnlp/mT5_multilingual_XLSum)")
    assert "offline: HF_HUB_OFFLINE=1 is set" in message and str(mm.hf_cache_dir()) in message
    assert "ansum models pull [PROFILE] --to DIR" in info.value.hint
    assert "ansum models import DIR" in info.value.hint


def test_offline_message_names_cache_variable_and_the_way(monkeypatch):
    monkeypatch.delenv("TRANSFORMERS_OFFLINE")
    spec = spec_for("org/absent")
    with pytest.raises(ModelUnavailableError) as info:
        mm.resolve_model_path(spec)
    assert info.value.message == (f"model opus-mt-ar-en (org/absent) is not in the Hugging Face "
                                  f"cache {mm.hf_cache_dir()}, and HF_HUB_OFFLINE=1 is set "
                                  "(offline mode)")
    assert info.value.hint.startswith("run `ansum models pull opus-mt-ar-en`, or on a machine "
                                      "with network run `ansum models pull [PROFILE] --to DIR`")
    monkeypatch.delenv("HF_HUB_OFFLINE")
    with pytest.raises(ModelUnavailableError, match="--offline was given"):
        mm.resolve_model_path(spec, offline=True)


def test_download_allow_list_covers_every_tokenizer_file():
    from fnmatch import fnmatch

    from ansum.backends.tokenize import TOKENIZER_FILES

    for name in TOKENIZER_FILES + ("model.safetensors", "config.json", "generation_config.json"):
        assert any(fnmatch(name, p) for p in mm.ALLOW_PATTERNS), name
    for name in ("pytorch_model.bin", "tf_model.h5", "rust_model.ot", "flax_model.msgpack"):
        assert not any(fnmatch(name, p) for p in mm.ALLOW_PATTERNS), name


@pytest.mark.parametrize("family, missing", [("marian", "sacremoses"), ("mt5", "protobuf"),
                                             ("nllb", "sentencepiece")])
def test_backend_check_names_tokenizer_packages(monkeypatch, family, missing):
    import importlib.util

    from ansum.backends import create_translator

    module = {"protobuf": "google.protobuf"}.get(missing, missing)
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *a: None if name == module else real(name, *a))
    config = load_config()
    spec = replace(config.models["opus-mt-ar-en"], family=family)
    with pytest.raises(ModelUnavailableError, match=rf"needs the Python package\(s\) {missing},"):
        create_translator(spec)
    assert mm.backend_packages(replace(spec, backend="ctranslate2"))[0] == \
        mm.BACKEND_PACKAGES["ctranslate2"][0]  # a converted model needs no sacremoses/protobuf
    assert module in mm.backend_packages(spec, convert=True)[0]


# --- `ansum models list|pull|import` on the command line -------------------------------


def cli(*args: str):
    from typer.testing import CliRunner

    from ansum.cli import app

    return CliRunner().invoke(app, list(args))


def test_shipped_pins_and_download_sizes():
    config = load_config()
    hub = {n: s for n, s in config.models.items() if s.needs_model}
    unpinned = {n for n, s in hub.items() if not re.fullmatch(r"[0-9a-f]{40}", s.revision)}
    # only the short hash of these SFconvertbot commits is known here (see models.toml)
    assert unpinned == {"mt5-xlsum", "mt5-xlsum-ct2", "nllb-600m"}
    assert hub["opus-mt-ar-en"].revision == "0a22ca0fe7fd0e314f4913e606ddc07d1ff9d718"  # pr/1
    assert all(s.download_bytes > 10**8 for s in hub.values())
    default = [s for s in catalog.list_models(config, "default")]
    assert round(sum(s.spec.download_bytes for s in default) / 1e9, 2) == 2.65
    assert config.models["mt5-xlsum"].generation.max_new_tokens == 83  # max_length 84 - start
    root = Path(__file__).resolve().parents[1]
    assert (root / "models.toml").read_bytes() == (root / "ansum" / "models.toml").read_bytes()


def test_models_list_piped_is_a_header_then_tsv():
    r = cli("models", "list")
    assert r.exit_code == 0, r.stderr
    lines = r.stdout.splitlines()
    assert lines[0] == "model\trole\tprofiles\tbackend\tsize\tstatus\trevision\tlicense"
    rows = {ln.split("\t")[0]: ln.split("\t") for ln in lines[1:]}
    assert list(rows) == list(load_config().models)
    assert all(len(row) == 8 for row in rows.values())
    assert rows["mt5-xlsum-ct2"][1:5] == ["summarizer", "default", "ctranslate2", "2.33 GB"]
    assert rows["mt5-xlsum-ct2"][5] == "not cached (ansum models pull)"
    assert rows["nllb-600m"][5] == "not cached (ansum models pull nllb-600m)"  # not a plain pull
    assert rows["extractive"][4:7] == ["-", "no download needed", "-"]
    assert rows["opus-mt-ar-en"][6] == "0a22ca0fe7fd0e314f4913e606ddc07d1ff9d718"


def _models_list_on_a_pty(*args: str, columns: int) -> tuple[int, str, str]:
    """``ansum models list ARGS`` on a pseudo-terminal: (status, terminal text, stderr)."""
    return ansum_on_a_pty("models", "list", *args, columns=columns)


def test_models_list_on_a_terminal_is_a_table_with_the_cache_paths(tmp_path):
    hostile = tmp_path / "models.toml"
    hostile.write_text('[models.extractive]\nlicense = "\\u001b[31mred [bold]x[/bold]"\n',
                       encoding="utf-8")
    rc, text, stderr = _models_list_on_a_pty("--models", str(hostile), columns=160)
    assert rc == 0, stderr
    assert "\t" not in text and "│" in text
    header = next(ln for ln in text.splitlines() if "model" in ln and "license" in ln)
    assert [w for w in header.replace("┃", " ").split()] == [
        "model", "role", "profiles", "backend", "size", "status", "revision", "license"]
    assert f"Hugging Face cache: {mm.hf_cache_dir()}" in text
    assert "converted (CTranslate2) models:" in text and "offline: HF_HUB_OFFLINE=1" in text
    assert "`ansum models pull` downloads 2.65 GB for profile default" in text
    assert "red [bold]x[/bold]" in text and "\x1b" not in text  # NO_COLOR; no markup, no ESC


def test_models_list_on_a_narrow_terminal_is_one_block_per_model():
    rc, text, stderr = _models_list_on_a_pty(columns=80)
    assert rc == 0, stderr
    assert "┃" not in text and "\t" not in text
    lines = text.splitlines()
    block = lines[lines.index("mt5-xlsum"):lines.index("mt5-xlsum") + 8]
    assert [ln.split(":")[0].strip() for ln in block[1:]] == [
        "role", "profiles", "backend", "size", "status", "revision", "license"]
    assert "  size:     2.33 GB" in block
    assert "  license:  CC BY-NC-SA 4.0 (non-commercial)" in block
    assert max(len(ln) for ln in lines) <= 80


def test_models_pull_names_every_missing_model_and_model_free_profiles():
    r = cli("models", "pull", "nllb")
    assert r.exit_code == 4
    assert "cannot download models mt5-xlsum (csebuetnlp/mT5_multilingual_XLSum), " \
           "nllb-600m (facebook/nllb-200-distilled-600M)" in r.stderr
    assert "--profile extractive" not in r.stderr
    r = cli("models", "pull", "extractive")
    assert r.exit_code == 0 and "nothing to pull: extractive needs no downloaded model" in r.stderr
    r = cli("models", "pull", "nope")
    assert r.exit_code == 6 and "unknown profile or model 'nope'" in r.stderr


def test_models_import_refuses_a_folder_without_models(tmp_path):
    r = cli("models", "import", str(tmp_path))
    assert r.exit_code == 3 and "holds no models" in r.stderr
    r = cli("models", "import", str(tmp_path / "absent"))
    assert r.exit_code == 3 and "is not a folder" in r.stderr
