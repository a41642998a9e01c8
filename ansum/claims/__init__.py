"""Claims stage: who said what, with which figures.

Modules: :mod:`~ansum.claims.lexicon` (reporting verbs and the closed word lists),
:mod:`~ansum.claims.prepared` (a sentence prepared for matching, quotes),
:mod:`~ansum.claims.speaker` (speaker span rules), :mod:`~ansum.claims.attribution`
(verb, complement, content; inherited speakers), :mod:`~ansum.claims.figures`
(numbers, dates, money …), :mod:`~ansum.claims.detect` (Claim objects and their
score), :mod:`~ansum.claims.select` (the key claims of an article).
"""
