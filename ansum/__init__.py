"""ansum: bilingual briefs of Arabic news articles.

The library API scripts import::

    from ansum import build_brief, read_inputs
    brief = build_brief(article)

Importing ``ansum`` is cheap: no torch, transformers or rich at import time.
"""

__version__ = "0.1.0"
