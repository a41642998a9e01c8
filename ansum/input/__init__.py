"""Input stage: bytes from a path or stdin → decoded, cleaned :class:`~ansum.schema.Article`.

Modules: :mod:`~ansum.input.read` (sources, size limits, load_article),
:mod:`~ansum.input.decode` (encodings, text hygiene), :mod:`~ansum.input.html`
(HTML detection and extraction), :mod:`~ansum.input.clean` (datelines, page noise,
title), :mod:`~ansum.input.langid` (script shares, language).
"""
