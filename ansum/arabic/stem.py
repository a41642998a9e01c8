"""Light stemming and content terms of Arabic text (ranking, overlap, story terms)."""

from __future__ import annotations

from functools import lru_cache

from ansum.arabic.normalize import normalize, tokens
from ansum.arabic.stopwords import STOPWORDS

#: Normalized words that begin with a root و (not the conjunction "and").
_WAW_WORDS = frozenset(
    "وزير وزيره وزاره وزراء وقت وفد وفاه وكاله وطني وطنيه ولايه ولايات وحده وحدات وسط وجه "
    "ورقه وعد وصول وضع ولد والد والده واقع واضح واجب ودول وثيقه وسيله وظيفه وصف وفق ورد".split()
)
_PREFIXES = ("وال", "بال", "كال", "فال", "ال", "لل")
_SUFFIXES = ("ها", "ان", "ات", "ون", "ين", "يه", "ه", "ي")


@lru_cache(maxsize=65536)
def light_stem(token: str) -> str:
    """Light-stem one *normalized* Arabic token (Light10).

    Strips a leading و when at least 3 letters remain, except for common words whose
    first root letter is و (وزير، وقت، وفد، وكاله … in ``_WAW_WORDS``, our addition so
    that وزير is not cut to زير), one of the article
    prefixes (وال بال كال فال ال لل) when at least 2 letters remain, then the
    suffixes ها ان ات ون ين يه ه ي (ة and ى are already ه and ي after
    :func:`normalize`) while at least 2 letters remain.  Algorithm: Larkey,
    Ballesteros & Connell, "Light Stemming for Arabic Information Retrieval" (2007).
    Non-Arabic tokens are returned unchanged.
    """
    if not token or not ("\u0621" <= token[0] <= "\u064a"):
        return token
    word = token
    if len(word) > 3 and word.startswith("و") and word not in _WAW_WORDS:
        word = word[1:]
    for prefix in _PREFIXES:
        if word.startswith(prefix) and len(word) - len(prefix) >= 2:
            word = word[len(prefix) :]
            break
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 2:
            word = word[: -len(suffix)]
    return word


def content_terms(text: str) -> list[str]:
    """Return the normalized, light-stemmed, stopword-free terms of ``text``, in order.

    Used to compare sentences (ranking, ROUGE-style overlap).  Single letters and
    pure punctuation are dropped; numbers are kept (ASCII digits).
    """
    out = []
    for tok, _, _ in tokens(normalize(text)):
        if tok in STOPWORDS or len(tok) < 2:
            continue
        stem = light_stem(tok)
        if stem in STOPWORDS or len(stem) < 2:
            continue
        out.append(stem)
    return out
