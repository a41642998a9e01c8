"""The cross-article path on real backends (tiny random models): the briefs of 20 articles
equal the per-article briefs string for string on CTranslate2 and transformers, and a
backend's output for an input does not depend on the other inputs of its batch (padding
and attention masks are right)."""

from __future__ import annotations

import pytest
from test_batch import comparable, make_articles
from tinymodels import ARABIC_SENTENCES, FAMILIES, TinyModels

from ansum.batch import iter_briefs_batched
from ansum.config import load_config
from ansum.pipeline import iter_briefs
from ansum.runtime import BriefOptions

pytestmark = pytest.mark.neural

#: Inputs of very different lengths, so a batch pads most of them.
MIXED = [ARABIC_SENTENCES[0], "قال الوزير.", ARABIC_SENTENCES[1] + " " + ARABIC_SENTENCES[2],
         ARABIC_SENTENCES[2], "أعلنت الحكومة أن 120 شخصا وصلوا إلى المدينة يوم الخميس."]


@pytest.fixture(scope="module")
def engines(tiny_models, tmp_path_factory):
    """backend name → models.toml of the tiny models on it (2 beams, 8 new tokens)."""
    root = tmp_path_factory.mktemp("batch-models")
    out = {}
    for backend in ("transformers", "ctranslate2"):
        toml = TinyModels(tiny_models).write_toml(root / f"{backend}.toml", num_beams=2)
        toml.write_text(toml.read_text(encoding="utf-8").replace(
            'backend = "transformers"', f'backend = "{backend}"'), encoding="utf-8")
        out[backend] = toml
    return out


@pytest.fixture(autouse=True)
def _ct2_cache(tmp_path_factory, monkeypatch):
    """One conversion cache for the module (XDG_CACHE_HOME is per test otherwise)."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.getbasetemp() / "batch-cache"))


@pytest.fixture(scope="module")
def sources(tmp_path_factory) -> list[str]:
    folder = tmp_path_factory.mktemp("batch-articles")
    paths = []
    for i, text in enumerate(make_articles(20)):
        paths.append(folder / f"{i:02d}.txt")
        paths[-1].write_text(text, encoding="utf-8")
    return [str(p) for p in paths]


@pytest.mark.parametrize("backend", ["ctranslate2", "transformers"])
def test_twenty_articles_batched_equal_one_at_a_time(engines, sources, backend):
    if backend == "ctranslate2":
        pytest.importorskip("ctranslate2")
    options = BriefOptions(models_file=engines[backend], profile="tiny", offline=True)
    one = comparable(iter_briefs(sources, options))
    many = comparable(iter_briefs_batched(sources, options, batch_articles=8))
    methods = {s.method.split(":")[0] for _, b in one if not isinstance(b, str)
               for s in b.stages if s.name in ("summary", "translation")}
    assert backend in methods  # the models really ran
    assert any(not isinstance(b, str) and b.english != "none" for _, b in one)
    assert many == one


def _backends(toml, family):
    from ansum.backends import create_summarizer, create_translator

    spec = load_config(toml).models[f"tiny-{family}"]
    return (create_summarizer if spec.task == "summarize" else create_translator)(spec)


def _run(backend, texts, safe=False):
    if hasattr(backend, "summarize"):
        return backend.summarize(texts)
    return backend.translate(texts, safe=safe)


@pytest.mark.parametrize("backend", ["transformers", "ctranslate2"])
@pytest.mark.parametrize("family", FAMILIES)
def test_a_batch_result_equals_the_single_results(engines, backend, family):
    if backend == "ctranslate2":
        pytest.importorskip("ctranslate2")
    model = _backends(engines[backend], family)
    for safe in (False, True):
        batch = _run(model, MIXED, safe)
        single = [_run(model, [text], safe)[0] for text in MIXED]
        assert batch == single, (family, safe)
        assert _run(model, MIXED[::-1], safe) == batch[::-1]
