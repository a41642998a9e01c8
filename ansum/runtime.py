"""What one invocation shares across articles: the options and the loaded backends.

:class:`BriefOptions` says what to put in a brief and which models to use;
:class:`Runtime` creates each backend lazily, once per invocation, and remembers a
model that failed to load so that later articles fall back without retrying.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ansum.errors import AnsumError, BackendError, ModelUnavailableError

#: How a brief's warning starts when it is about a model rather than the article: the
#: ``what`` of each fallback in :func:`ansum.pipeline._fall_back`.  Such a warning is the
#: same for every article of a run, so the CLI says it once per run on stderr.
MODEL_WARNING_PREFIXES = (
    "abstractive summary unavailable:",
    "abstractive summary failed, extractive used:",
    "translator unavailable:",
    "translation failed:",
)


def is_model_warning(warning: str) -> bool:
    """True when ``warning`` (one of ``Brief.warnings``) reports a model problem (a model
    missing, broken or failing), which recurs in every article of a run."""
    return warning.startswith(MODEL_WARNING_PREFIXES)


@dataclass(frozen=True)
class BriefOptions:
    """What to put in a brief and which models to use.

    Attributes:
        sentences: number of summary sentences for the extractive summary (≥ 1).
        claims: number of key claims (≥ 0).
        profile: models.toml profile name, or None for the configured default.
        summarizer, translator: model names overriding the profile's, or None.
        models_file: a models.toml overriding the shipped one, or None.
        offline: never touch the network (local files and cache only).
        device: "auto", "cpu", "cuda", "cuda:N" or "mps".
        strict: a stage that falls back (model unavailable) is an error instead of a
            warning with a partial brief.
    """

    sentences: int = 3
    claims: int = 5
    profile: str | None = None
    summarizer: str | None = None
    translator: str | None = None
    models_file: Path | None = None
    offline: bool = False
    device: str = "auto"
    strict: bool = False


@dataclass
class Runtime:
    """Backends for one invocation, created lazily and reused across articles.

    A model that fails to load is remembered, so a batch of 50 articles reports it
    once and does not retry 50 times.
    """

    options: BriefOptions = field(default_factory=BriefOptions)
    _specs: tuple | None = None
    _backends: dict[str, object | None] = field(default_factory=dict)
    _failures: dict[str, AnsumError] = field(default_factory=dict)

    def specs(self):
        """Return ``(summarizer_spec, translator_spec_or_None)`` from models.toml.

        Raises:
            ConfigError: bad models.toml or unknown profile/model name.
        """
        if self._specs is None:
            from ansum.config import load_config, resolve_models

            config = load_config(self.options.models_file)
            self._specs = resolve_models(
                config,
                profile=self.options.profile,
                summarizer=self.options.summarizer,
                translator=self.options.translator,
            )
        return self._specs

    def _create(self, role: str):
        if role in self._failures:
            raise self._failures[role]
        summ_spec, trans_spec = self.specs()
        spec = summ_spec if role == "summarizer" else trans_spec
        if spec is None or spec.backend == "extractive":
            return None
        from ansum.backends import create_summarizer, create_translator

        factory = create_summarizer if role == "summarizer" else create_translator
        try:
            return factory(spec, device=self.options.device, offline=self.options.offline)
        except (ModelUnavailableError, BackendError) as exc:
            self._failures[role] = exc
            raise

    def fail(self, role: str, exc: AnsumError) -> None:
        """Remember that ``role`` ("summarizer"/"translator") failed; later articles skip it."""
        self._failures[role] = exc
        self._backends.pop(role, None)

    def _backend(self, role: str):
        if self._backends.get(role) is None:
            self._backends[role] = self._create(role)
        return self._backends[role]

    def summarizer(self):
        """Return the abstractive Summarizer, or None for the extractive method.

        Raises:
            ModelUnavailableError: the configured model cannot be had.
        """
        return self._backend("summarizer")

    def translator(self):
        """Return the Translator, or None when the profile names none.

        Raises:
            ModelUnavailableError: the configured model cannot be had.
        """
        return self._backend("translator")
