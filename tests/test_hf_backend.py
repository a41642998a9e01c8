"""transformers backend on tiny models of every family; registry; fake backends."""

from __future__ import annotations

import shutil
import time
from dataclasses import replace

import pytest
from tinymodels import ARABIC_SENTENCES, FAMILIES, LANG_CODES

from ansum.backends import BACKENDS, create_summarizer, create_translator, fake, hf
from ansum.backends import device as devices
from ansum.backends.base import Summarizer, Translator
from ansum.config import load_config
from ansum.errors import BackendError, ConfigError, ModelUnavailableError

TRANSLATORS = [f for f in FAMILIES if f != "mt5"]


@pytest.fixture(scope="module")
def tiny_config(tiny_models_toml):
    return load_config(tiny_models_toml)


def tiny_spec(config, family):
    return config.models[f"tiny-{family}"]


# --- the five families ----------------------------------------------------------------


@pytest.mark.neural
@pytest.mark.parametrize("family", TRANSLATORS)
def test_translate_batch_of_three_is_aligned_and_deterministic(tiny_config, family):
    spec = tiny_spec(tiny_config, family)
    translator = create_translator(spec)
    assert isinstance(translator, Translator)
    assert translator.name == f"transformers:{spec.repo}"
    first = translator.translate(ARABIC_SENTENCES)
    again = create_translator(spec).translate(ARABIC_SENTENCES)
    assert len(first) == 3 and all(isinstance(t, str) for t in first)
    assert any(first), first
    assert first == again  # greedy decoding, no sampling
    assert all("__" not in t and "<" not in t for t in first)  # special/lang tokens skipped
    assert translator.translate([]) == []


@pytest.mark.neural
@pytest.mark.parametrize("family", ["nllb", "m2m100", "mbart50"])
def test_language_codes_reach_tokenizer_and_decoder(tiny_config, family):
    src, tgt = LANG_CODES[family]
    translator = create_translator(tiny_spec(tiny_config, family)).preload()
    tok = translator._loaded.tokenizer
    tokens = tok.convert_ids_to_tokens(tok(ARABIC_SENTENCES[0])["input_ids"])
    src_token = f"__{src}__" if family == "m2m100" else src
    assert tokens[0] == src_token and tokens[-1] == "</s>"
    tgt_token = f"__{tgt}__" if family == "m2m100" else tgt
    assert translator._forced_bos == tok.convert_tokens_to_ids(tgt_token)
    assert translator._generation_kwargs(safe=False)["forced_bos_token_id"] == \
        translator._forced_bos


@pytest.mark.neural
def test_marian_and_mt5_force_no_language(tiny_config):
    marian = create_translator(tiny_spec(tiny_config, "marian")).preload()
    assert "forced_bos_token_id" not in marian._generation_kwargs(safe=False)
    mt5 = create_summarizer(tiny_spec(tiny_config, "mt5")).preload()
    assert mt5._forced_bos is None


@pytest.mark.neural
def test_mt5_summarizes_a_batch(tiny_config):
    summarizer = create_summarizer(tiny_spec(tiny_config, "mt5"))
    assert isinstance(summarizer, Summarizer)
    out = summarizer.summarize(ARABIC_SENTENCES)
    assert len(out) == 3 and out == summarizer.summarize(ARABIC_SENTENCES)
    assert all("<extra_id" not in t and "<pad>" not in t for t in out)


@pytest.mark.neural
def test_safe_mode_settings_and_output_length(tiny_config):
    translator = create_translator(tiny_spec(tiny_config, "marian"))
    kwargs = translator._generation_kwargs(safe=True)
    assert (kwargs["num_beams"], kwargs["no_repeat_ngram_size"], kwargs["repetition_penalty"],
            kwargs["do_sample"]) == (4, 3, 1.2, False)
    plain = translator._generation_kwargs(safe=False)
    assert (plain["num_beams"], plain["max_new_tokens"], plain["min_new_tokens"]) == (1, 8, 8)
    assert len(translator.translate(ARABIC_SENTENCES, safe=True)) == 3


@pytest.mark.neural
def test_each_model_loads_once_per_process(tiny_config):
    spec = tiny_spec(tiny_config, "nllb")
    first = hf.load(spec)
    count = hf.model_load_count()
    a, b = create_translator(spec), create_translator(spec)
    a.translate(ARABIC_SENTENCES[:1])
    b.translate(ARABIC_SENTENCES[:2])
    assert hf.model_load_count() == count
    assert hf.load(spec) is first and a._loaded is first and b._loaded is first
    # a second spec on the same folder with other settings shares the weights too
    beams = replace(spec, name="tiny-nllb-beam4",
                    generation=replace(spec.generation, num_beams=4))
    create_translator(beams).translate(ARABIC_SENTENCES[:1])
    assert hf.model_load_count() == count


@pytest.mark.neural
def test_count_tokens_includes_special_tokens_and_overlong_input_raises(tiny_config):
    translator = create_translator(tiny_spec(tiny_config, "nllb"))
    assert translator.max_input_tokens == 64
    n = translator.count_tokens(ARABIC_SENTENCES[0])
    assert n == len(translator._loaded.tokenizer(ARABIC_SENTENCES[0])["input_ids"]) and n > 5
    long_text = " ".join([ARABIC_SENTENCES[0]] * 5)
    assert translator.count_tokens(long_text) > 64
    with pytest.raises(BackendError, match="over the 64-token window of tiny-nllb"):
        translator.translate([ARABIC_SENTENCES[1], long_text])


# --- unusable models ------------------------------------------------------------------


def test_offline_uncached_hub_id_fails_fast_naming_model_and_fix():
    spec = load_config().models["mt5-xlsum"]
    start = time.perf_counter()
    with pytest.raises(ModelUnavailableError) as info:
        create_summarizer(spec)
    assert time.perf_counter() - start < 2.0
    err = info.value
    assert "mt5-xlsum (csebuetnlp/mT5_multilingual_XLSum) is not in the Hugging Face cache" \
        in err.message
    assert "ansum models pull" in err.hint
    assert err.exit_code == 4


@pytest.mark.neural
def test_pickle_only_folder_is_refused(tiny_models, tiny_config, tmp_path):
    folder = shutil.copytree(tiny_models["marian"], tmp_path / "pickled")
    (folder / "model.safetensors").rename(folder / "pytorch_model.bin")
    spec = replace(tiny_spec(tiny_config, "marian"), repo=str(folder))
    with pytest.raises(ModelUnavailableError, match=r"pytorch_model\.bin: pickle weights are "
                                                    r"not loaded; convert to safetensors"):
        create_translator(spec)


@pytest.mark.neural
@pytest.mark.parametrize("damage", ["config", "truncate"])
def test_damaged_folder_is_refused_naming_the_file(tiny_models, tiny_config, tmp_path, damage):
    folder = shutil.copytree(tiny_models["m2m100"], tmp_path / damage)
    if damage == "config":
        target = folder / "config.json"
        target.write_text(target.read_text()[:-20], encoding="utf-8")
    else:
        target = folder / "model.safetensors"
        target.write_bytes(target.read_bytes()[:-100])
    spec = replace(tiny_spec(tiny_config, "m2m100"), repo=str(folder))
    count = hf.model_load_count()
    with pytest.raises(ModelUnavailableError) as info:
        hf.load(spec)
    assert str(target) in info.value.message
    assert hf.model_load_count() == count


@pytest.mark.neural
def test_unknown_device_is_a_config_error(tiny_config):
    with pytest.raises(ConfigError, match=r"device 'tpu' is not available \(valid here: auto, cpu"):
        hf.load(tiny_spec(tiny_config, "marian"), device="tpu")


# --- registry and fakes ---------------------------------------------------------------


def test_registry_names_backends_and_rejects_unknown_ones():
    config = load_config()
    assert {"transformers", "fake"} <= set(BACKENDS)
    assert create_summarizer(config.models["extractive"]) is None
    odd = replace(config.models["opus-mt-ar-en"], backend="onnx")
    with pytest.raises(ConfigError, match=r"unknown backend 'onnx' for translate \(valid: "
                                          r"ctranslate2, fake, transformers, extractive\)"):
        create_translator(odd)
    with pytest.raises(ConfigError, match="has task 'summarize', not 'translate'"):
        create_translator(config.models["mt5-xlsum"])
    with pytest.raises(ConfigError, match="cannot translate"):
        create_translator(replace(config.models["extractive"], task="translate"))


def test_fake_backends_are_deterministic_protocol_objects():
    spec = replace(load_config().models["opus-mt-ar-en"], backend="fake")
    translator = create_translator(spec, mapping={"نعم": "yes"}, device="cpu")
    assert isinstance(translator, Translator) and translator.name == "fake:opus-mt-ar-en"
    assert translator.translate(["نعم", "قال 5"]) == ["yes", "EN(قال 5)"]
    assert translator.count_tokens("قال الرئيس  اليوم") == 3
    summ = fake.FakeSummarizer(max_input_tokens=5)
    assert isinstance(summ, Summarizer)
    assert summ.summarize(["جملة أولى. جملة ثانية.", "سؤال؟ جواب."]) == ["جملة أولى.", "سؤال؟"]
    with pytest.raises(BackendError, match="over the 5-token window"):
        summ.summarize(["a b c d e f"])


@pytest.mark.parametrize(
    ("failure", "expected"),
    [
        ("loop", "EN(قال " + " ".join(["5)"] * 13)),
        ("drop_figures", "EN(قال )"),
        ("truncate", "EN(قال"),
        ("sentinel", "EN(قال 5) <extra_id_0>"),
        ("wrong_language", "قال 5"),
    ],
)
def test_fake_translator_injects_failures_until_a_safe_retry(failure, expected):
    translator = fake.FakeTranslator(failure=failure, fail_on="5")
    assert translator.translate(["قال 5", "لا"]) == [expected, "EN(لا)"]
    assert translator.translate(["قال 5"], safe=True) == ["EN(قال 5)"]
    assert translator.safe_calls == 1 and len(translator.calls) == 2
    stuck = fake.FakeTranslator(failure=failure, failure_persists=True)
    assert stuck.translate(["قال 5"], safe=True) == [expected]


def test_fake_translator_error_failure_and_bad_name():
    with pytest.raises(BackendError, match="injected"):
        fake.FakeTranslator(failure="error").translate(["x"])
    with pytest.raises(ValueError, match="valid: loop, drop_figures"):
        fake.FakeTranslator(failure="melt")


@pytest.mark.neural
@pytest.mark.parametrize(
    ("cuda", "bf16", "mps", "family", "expected"),
    [
        (False, False, False, "marian", ("cpu", "float32")),
        (True, True, False, "mt5", ("cuda", "bfloat16")),
        (True, False, False, "marian", ("cuda", "float16")),
        (True, False, False, "mt5", ("cuda", "float32")),  # T5 overflows fp16
        (False, False, True, "nllb", ("mps", "float16")),
    ],
)
def test_device_and_dtype_choice(monkeypatch, cuda, bf16, mps, family, expected):
    torch = pytest.importorskip("torch")
    monkeypatch.setattr(torch.cuda, "is_available", lambda: cuda)
    monkeypatch.setattr(torch.cuda, "is_bf16_supported", lambda *a, **k: bf16)
    monkeypatch.setattr(torch.backends.mps, "is_available", lambda: mps)
    device, dtype = devices.pick_torch_device("auto", family)
    assert (device, str(dtype).removeprefix("torch.")) == expected
    assert devices.pick_torch_device("cpu", family)[0] == "cpu"
