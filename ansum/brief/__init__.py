"""Many articles at once, model-free: duplicates, stories, figures compared.

The library under ``ansum brief`` (issue 14).  One-way flow, each step its own module::

    records ──features.article_features──▶ ArticleFeatures (compact, no full text)
            ──dedup.find_duplicates──────▶ {duplicate id: original id}
            ──stories.group_stories──────▶ [[id, …], …]   (originals only)
    story texts ──compare.figure_mentions─▶ FigureMention …
            ──compare.compare_figures────▶ [ComparedFigure, …]

* :mod:`ansum.brief.features` – per-article features: exact hash, MinHash signature,
  title+lead term counts, time; :class:`~ansum.brief.features.DocumentFrequencies`
  (IDF from a corpus).
* :mod:`ansum.brief.minhash` – one-permutation MinHash and LSH banding.
* :mod:`ansum.brief.dedup` – exact and near-duplicate articles.
* :mod:`ansum.brief.stories` – TF-IDF cosine + group-average agglomeration in a time window.
* :mod:`ansum.brief.compare` – the same quantity reported by different articles of a story.
* :mod:`ansum.brief.score` – B-cubed, duplicate-pair and figure-coverage scorers.

Nothing here renders, caches or parses options: the CLI and renderers build on this API.
Importing this package imports nothing heavy.
"""
