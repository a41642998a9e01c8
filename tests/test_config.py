"""models.toml loading: shipped defaults, layered overrides, errors that list valid names."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from ansum.config import (
    FAMILIES,
    load_config,
    resolve_models,
    shipped_models_file,
    user_models_file,
)
from ansum.errors import EXIT_CONFIG, ConfigError

ROOT = Path(__file__).resolve().parents[1]


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def error_of(models_file: Path | None = None) -> ConfigError:
    with pytest.raises(ConfigError) as info:
        load_config(models_file)
    return info.value


def test_root_and_shipped_models_toml_are_identical():
    assert (ROOT / "models.toml").read_bytes() == shipped_models_file().read_bytes()
    assert shipped_models_file() == ROOT / "ansum" / "models.toml"


def test_shipped_default_profile_and_model_card_settings():
    config = load_config()
    assert config.files == (shipped_models_file(),)
    summ, trans = resolve_models(config, "transformers")
    assert (summ.name, summ.repo) == ("mt5-xlsum", "csebuetnlp/mT5_multilingual_XLSum")
    gen = summ.generation
    assert (summ.max_input_tokens, gen.max_new_tokens, gen.num_beams) == (512, 83, 4)
    assert (gen.length_penalty, gen.no_repeat_ngram_size) == (0.6, 2)
    assert "non-commercial" in summ.license
    assert (trans.name, trans.repo, trans.family) == (
        "opus-mt-ar-en", "Helsinki-NLP/opus-mt-ar-en", "marian")
    assert (trans.src_lang, trans.tgt_lang) == ("", "")


def test_shipped_translators_carry_their_language_codes_and_licenses():
    models = load_config().models
    codes = {n: (m.family, m.src_lang, m.tgt_lang) for n, m in models.items()}
    assert codes["nllb-600m"] == ("nllb", "arb_Arab", "eng_Latn")
    assert codes["m2m100-418m"] == ("m2m100", "ar", "en")
    assert codes["mbart50-m2m"] == ("mbart50", "ar_AR", "en_XX")
    assert "non-commercial" in models["nllb-600m"].license
    assert models["m2m100-418m"].license == "MIT"
    assert models["extractive"].backend == "extractive"
    assert not models["extractive"].needs_model


def test_every_shipped_profile_resolves():
    config = load_config()
    assert set(config.profiles) == {"default", "transformers", "nllb", "m2m100", "mbart50",
                                    "extractive", "extractive-en"}
    default = resolve_models(config)
    assert [s.backend for s in default] == ["ctranslate2", "ctranslate2"]  # fast path on CPU
    assert [s.repo for s in default] == [s.repo for s in resolve_models(config, "transformers")]
    for name in config.profiles:
        summ, trans = resolve_models(config, name)
        assert summ.task == "summarize"
        assert trans is None or trans.task == "translate"
    assert resolve_models(config, "extractive") == (config.models["extractive"], None)
    assert resolve_models(config, "extractive-en")[1].name == "opus-mt-ar-en-ct2"
    assert resolve_models(config, "nllb")[1].name == "nllb-600m"


def test_user_file_overrides_key_by_key(tmp_path):
    write(user_models_file(), """
[models.mt5-xlsum]
revision = "0123abcd"
[models.mt5-xlsum.generation]
num_beams = 2
[profiles.default]
summarizer = "mt5-xlsum"
translator = "nllb-600m"
""")
    config = load_config()
    spec = config.models["mt5-xlsum"]
    assert spec.revision == "0123abcd"
    assert spec.generation.num_beams == 2
    assert spec.generation.max_new_tokens == 83  # kept from the shipped file
    assert spec.repo == "csebuetnlp/mT5_multilingual_XLSum"
    assert spec.source_file == user_models_file()
    assert resolve_models(config) == (spec, config.models["nllb-600m"])
    assert "opus-mt-ar-en" in config.models  # merged, not replaced wholesale


def test_precedence_flag_over_env_over_user_file(tmp_path, monkeypatch):
    write(user_models_file(), '[settings]\ndefault_profile = "nllb"\n')
    assert load_config().default_profile == "nllb"
    env_file = write(tmp_path / "env.toml", '[settings]\ndefault_profile = "m2m100"\n')
    monkeypatch.setenv("ANSUM_MODELS", str(env_file))
    assert load_config().default_profile == "m2m100"
    flag_file = write(tmp_path / "flag.toml", '[settings]\ndefault_profile = "mbart50"\n')
    config = load_config(flag_file)
    assert config.default_profile == "mbart50"
    assert config.files == (shipped_models_file(), user_models_file(), env_file, flag_file)


def test_relative_repo_resolves_against_the_file_folder(tmp_path):
    flag = write(tmp_path / "conf" / "models.toml", """
[models.local-mt]
task = "translate"
backend = "transformers"
repo = "./weights/marian"
family = "marian"
[profiles.local]
summarizer = "extractive"
translator = "local-mt"
""")
    spec = load_config(flag).models["local-mt"]
    assert spec.repo == str(tmp_path / "conf" / "weights" / "marian")
    assert spec.is_local
    assert spec.revision == "main" and spec.generation.num_beams == 4  # defaults
    assert not load_config().models["opus-mt-ar-en"].is_local


def test_syntax_error_names_file_and_line(tmp_path):
    bad = write(tmp_path / "bad.toml", '[settings]\ndefault_profile = "x"\nthis is not toml\n')
    err = error_of(bad)
    assert str(bad) in err.message
    assert "line 3" in err.message
    assert "\n" not in err.one_line()
    assert err.exit_code == EXIT_CONFIG


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[modles.x]\n", "unknown key 'modles' (valid keys: settings, profiles, models)"),
        ('[models.mt5-xlsum]\nbeams = 3\n', "valid keys: task, backend, repo, revision"),
        ('[models.mt5-xlsum.generation]\ntop_k = 3\n', "valid keys: num_beams, max_new_tokens"),
        ('[settings]\nprofile = "x"\n', "valid keys: default_profile"),
        ('[models.mt5-xlsum]\nfamily = "gpt"\n',
         "unknown family 'gpt' (valid: " + ", ".join(FAMILIES) + ")"),
        ('[models.mt5-xlsum]\nbackend = "onnx"\n', "unknown backend 'onnx' (valid: transformers"),
        ('[models.mt5-xlsum]\ntask = "qa"\n', "unknown task 'qa' (valid: summarize, translate)"),
        ('[models.mt5-xlsum]\nmax_input_tokens = "512"\n',
         "max_input_tokens must be int, not str"),
        ('[models.mt5-xlsum]\nmax_input_tokens = 0\n', "out of range"),
        ('[models.mt5-xlsum.generation]\nlength_penalty = "long"\n',
         "length_penalty must be float"),
        ('[models.mt5-xlsum.generation]\nnum_beams = true\n', "num_beams must be int, not bool"),
        ('[profiles.default]\nsummarizer = "gpt-9"\n',
         "unknown summarize model 'gpt-9' (valid: extractive, mt5-xlsum, mt5-xlsum-ct2)"),
        ('[profiles.default]\ntranslator = "mt5-xlsum"\n',
         "unknown translate model 'mt5-xlsum' (valid: m2m100-418m, mbart50-m2m, nllb-600m, "
         "opus-mt-ar-en, opus-mt-ar-en-ct2)"),
        ('[settings]\ndefault_profile = "nope"\n', "unknown profile 'nope' (valid: default"),
        ('[models.new]\ntask = "translate"\nbackend = "transformers"\nfamily = "marian"\n',
         "models.new: missing key 'repo'"),
        ('[profiles.solo]\ntranslator = "nllb-600m"\n', "missing key 'summarizer'"),
    ],
)
def test_bad_values_are_one_line_errors_naming_the_file(tmp_path, text, expected):
    path = write(tmp_path / "user.toml", text)
    err = error_of(path)
    assert expected in err.message
    assert err.message.startswith(str(path))
    assert "\n" not in err.one_line()


def test_missing_models_file_is_an_error(tmp_path, monkeypatch):
    assert "models file not found" in error_of(tmp_path / "nope.toml").message
    monkeypatch.setenv("ANSUM_MODELS", str(tmp_path / "gone.toml"))
    assert "$ANSUM_MODELS" in error_of().message


def test_resolve_precedence_flag_env_default(monkeypatch):
    config = load_config()
    assert resolve_models(config)[1].name == "opus-mt-ar-en-ct2"
    monkeypatch.setenv("ANSUM_PROFILE", "nllb")
    assert resolve_models(config)[1].name == "nllb-600m"
    assert resolve_models(config, "m2m100")[1].name == "m2m100-418m"
    summ, trans = resolve_models(config, "m2m100", summarizer="extractive",
                                 translator="mbart50-m2m")
    assert (summ.name, trans.name) == ("extractive", "mbart50-m2m")
    assert resolve_models(config, translator="none")[1] is None
    assert resolve_models(config, translator="")[1] is None


def test_resolve_unknown_names_list_the_valid_ones():
    config = load_config()
    with pytest.raises(ConfigError, match=r"unknown profile 'turbo' \(valid: default, "
                                          r"extractive, extractive-en, m2m100"):
        resolve_models(config, "turbo")
    with pytest.raises(ConfigError, match=r"unknown translate model 'google' \(valid: "
                                          r"m2m100-418m, mbart50-m2m, nllb-600m, opus-mt-ar-en"):
        resolve_models(config, translator="google")
    with pytest.raises(ConfigError, match=r"'nllb-600m' has task 'translate', not 'summarize'"):
        resolve_models(config, summarizer="nllb-600m")


def test_config_modules_import_no_heavy_libraries():
    code = ("import sys, ansum.config, ansum.backends.store, ansum.backends; "
            "heavy = {'torch', 'transformers', 'huggingface_hub'} & set(sys.modules); "
            "print(sorted(heavy))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=ROOT, check=True)
    assert out.stdout.strip() == "[]"


def test_use_vmap_and_max_batch_size_keys(tmp_path):
    from ansum.config import load_config

    f = tmp_path / "models.toml"
    f.write_text('[models.mt5-xlsum-ct2]\nuse_vmap = true\nmax_batch_size = 4\n'
                 'max_batch_tokens = 2048\n', encoding="utf-8")
    spec = load_config(f).models["mt5-xlsum-ct2"]
    assert spec.use_vmap is True and spec.max_batch_size == 4 and spec.max_batch_tokens == 2048
    shipped = load_config(None).models["mt5-xlsum-ct2"]
    assert shipped.use_vmap is False and shipped.max_batch_size == 0 == shipped.max_batch_tokens
    for bad in ('use_vmap = 1', 'max_batch_size = -1', 'max_batch_size = true',
                'max_batch_tokens = -5', 'max_batch_tokens = "many"'):
        f.write_text(f'[models.mt5-xlsum-ct2]\n{bad}\n', encoding="utf-8")
        with pytest.raises(ConfigError, match="use_vmap|max_batch_size|max_batch_tokens"):
            load_config(f)
