"""Backend registry: backend name (``backend`` in models.toml) → factories.

``create_summarizer(spec, **opts)`` / ``create_translator(spec, **opts)`` build the
backend object for a :class:`~ansum.config.ModelSpec`; ``opts`` are passed through
(``device``, ``offline``, ``batch_size`` for "transformers"; ``mapping``, ``failure`` …
for "fake").  "transformers" checks the model files when the object is created (so a
missing model raises ModelUnavailableError here, within about 2 s) and loads the model
on its first call.

The "extractive" backend is model-free and handled by the pipeline, not here:
``create_summarizer`` returns None for it.  Another backend registers by adding an
entry to :data:`BACKENDS` (e.g. "ctranslate2" → its module's factories).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ansum.backends import ct2, fake, hf
from ansum.backends.base import Summarizer, Translator
from ansum.backends.store import backend_packages, require_packages
from ansum.config import ModelSpec
from ansum.errors import ConfigError

Factory = Callable[..., Any]

#: backend name → {"summarize": factory, "translate": factory}; factories take
#: ``(spec, **opts)``.  Importing the modules is cheap: torch loads on first use.
BACKENDS: dict[str, dict[str, Factory]] = {
    "transformers": {"summarize": hf.create_summarizer, "translate": hf.create_translator},
    "fake": {"summarize": fake.create_summarizer, "translate": fake.create_translator},
    "ctranslate2": {"summarize": ct2.create_summarizer, "translate": ct2.create_translator},
}
#: Backends that need no factory (the pipeline implements them itself).
MODEL_FREE = ("extractive",)


def _factory(spec: ModelSpec, task: str) -> Factory | None:
    if spec.task != task:
        raise ConfigError(f"model {spec.name} has task {spec.task!r}, not {task!r}",
                          hint="pick a model with the right task in models.toml")
    if spec.backend in MODEL_FREE:
        return None
    entry = BACKENDS.get(spec.backend)
    if entry is None or task not in entry:
        valid = ", ".join(sorted(n for n, e in BACKENDS.items() if task in e) + list(MODEL_FREE))
        raise ConfigError(f"model {spec.name}: unknown backend {spec.backend!r} for {task} "
                          f"(valid: {valid})", hint="set `backend` in models.toml")
    modules, extra = backend_packages(spec)
    if modules:
        require_packages(spec, modules, extra)
    return entry[task]


def create_summarizer(spec: ModelSpec, **opts) -> Summarizer | None:
    """Build the summarizer for ``spec``; None for the model-free "extractive" backend.

    Raises:
        ConfigError: unknown backend (the message lists the valid ones) or a spec whose
            task is not "summarize".
        ModelUnavailableError: the model files cannot be had ("transformers").
    """
    factory = _factory(spec, "summarize")
    return None if factory is None else factory(spec, **opts)


def create_translator(spec: ModelSpec, **opts) -> Translator:
    """Build the translator for ``spec``.

    Raises:
        ConfigError: unknown or model-free backend (the message lists the valid ones), or
            a spec whose task is not "translate".
        ModelUnavailableError: the model files cannot be had ("transformers").
    """
    factory = _factory(spec, "translate")
    if factory is None:
        raise ConfigError(f"model {spec.name}: backend {spec.backend!r} cannot translate",
                          hint="pick a translator model in models.toml")
    return factory(spec, **opts)
