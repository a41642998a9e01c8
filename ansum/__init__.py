"""ansum: bilingual briefs of Arabic news articles.

The library API scripts import::

    from ansum import BriefOptions, build_brief, load_article

    article = load_article("article.txt")          # a path, or "-" for stdin
    brief = build_brief(article, BriefOptions(profile="extractive"))
    print(brief.summary[0].ar, brief.claims[0].speaker_text())

Importing ``ansum`` is cheap: the names above are loaded on first use (PEP 562), and
no torch, transformers or rich is imported until a model or a renderer needs it.
"""

__version__ = "0.1.0"

#: public name → the module that defines it
_API = {
    "BriefOptions": "ansum.runtime",
    "Runtime": "ansum.runtime",
    "build_brief": "ansum.pipeline",
    "iter_briefs": "ansum.pipeline",
    "load_article": "ansum.input.read",
    "article_from_text": "ansum.input.read",
}
__all__ = ["__version__", *_API]


def __getattr__(name: str):
    """Load a public name of :data:`_API` on first access."""
    module = _API.get(name)
    if module is None:
        raise AttributeError(f"module 'ansum' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module), name)
