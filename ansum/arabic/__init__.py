"""Arabic text: normalization for matching, sentence segmentation, chunking, stems, stopwords.

Modules: :mod:`~ansum.arabic.normalize` (normalize, tokens), :mod:`~ansum.arabic.segment`
(paragraphs and sentences), :mod:`~ansum.arabic.chunk` (clauses, over-long sentences,
model-window chunks), :mod:`~ansum.arabic.stem` (Light10 stems, content terms),
:mod:`~ansum.arabic.stopwords`.  Everything returns offsets into the original text.
"""
