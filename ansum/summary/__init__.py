"""Summary stage: :mod:`~ansum.summary.extractive` (model-free ranking) and
:mod:`~ansum.summary.abstractive` (chunk → summarize → reduce over a Summarizer)."""
