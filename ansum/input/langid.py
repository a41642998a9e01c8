"""Language identification by script and letter statistics (no model, no library).

Only the languages an Arabic news pipeline meets are told apart: Arabic ("ar"),
Persian ("fa"), Urdu ("ur"), English ("en") and French ("fr"); anything else is
"und".  The method:

1. Count letters per script (:func:`script_share`); the script with most letters wins.
2. Arabic script: letters and short function words found only in Urdu or only in
   Persian decide between "ur", "fa" and "ar" (rates per Arabic-script word).  The
   letter inventories are from the Unicode Arabic block chart and the standard
   Persian and Urdu alphabets: Urdu alone uses ٹ ڈ ڑ ں ے ہ and the full stop ۔;
   Persian writes ک ی پ چ ژ گ where Arabic has ك ي and lacks the last four.
   Arabic typed on a Persian keyboard also writes ی and ک, so those two count half,
   and the marks must outnumber the Arabic evidence (Arabic function words count 2,
   words with the article ال count 1).
3. Latin script: English and French function-word counts decide.

A few foreign words (the Urdu name of an outlet in an Arabic dateline, say) do not
flip the result: the rates must reach :data:`_MARK_RATE`.
"""

from __future__ import annotations

import re
from collections import Counter

#: Codes :func:`detect_language` can return.
LANGUAGES = ("ar", "fa", "ur", "en", "fr", "und")

_ARABIC_RANGES = ((0x0600, 0x06FF), (0x0750, 0x077F), (0x08A0, 0x08FF), (0xFB50, 0xFDFF),
                  (0xFE70, 0xFEFF))
_LATIN_RANGES = ((0x0041, 0x024F), (0x1E00, 0x1EFF))

_URDU_LETTERS = frozenset("ٹڈڑںےۓہۃ۔")
_PERSIAN_LETTERS = frozenset("پچژگ")
#: Persian letter forms that Arabic written on a Persian keyboard uses too (weight 1/2).
_PERSIAN_SHARED = frozenset("کی")
#: Arabic function words (ی/ک folded to ي/ك first) and the article prefixes.
_ARABIC_WORDS = frozenset(
    "في من على إلى الى عن أن إن ان التي الذي الذين هذا هذه كان كانت قد مع بين لم لن ما".split()
)
_ARABIC_ARTICLE = ("ال", "وال", "بال", "فال", "كال", "لل")
_URDU_WORDS = frozenset("ہے ہیں کے کی کا میں نے سے کو اور یہ وہ تھا تھی پر".split())
_PERSIAN_WORDS = frozenset("است این آن را می که از با به برای های شد شده خود بود نیز".split())
_ENGLISH_WORDS = frozenset(
    "the and of to in is that for on with was it as by are said from at he has have "
    "this be not which were will".split()
)
_FRENCH_WORDS = frozenset(
    "le la les de des du et un une est que qui dans pour sur au aux pas ne il elle avec "
    "ce par été sont mais ont cette son ses".split()
)

#: Marks (distinctive letters, plus 2 per function word) per Arabic-script word
#: needed to call a text Urdu or Persian.
_MARK_RATE = 0.3

_ARABIC_WORD = re.compile(r"[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]+")
_LATIN_WORD = re.compile(r"[a-zà-ÿœæ]+")


def _in(cp: int, ranges: tuple[tuple[int, int], ...]) -> bool:
    return any(lo <= cp <= hi for lo, hi in ranges)


def _script_counts(text: str) -> dict[str, int]:
    counts = {"arabic": 0, "latin": 0, "other": 0}
    # count each distinct character once (Counter runs in C): a 3,000-character
    # article has about 60 distinct ones
    for ch, n in Counter(text).items():
        if not ch.isalpha() or ch == "\u0640":  # tatweel is a stretcher, not a letter
            continue
        cp = ord(ch)
        if _in(cp, _ARABIC_RANGES):
            counts["arabic"] += n
        elif _in(cp, _LATIN_RANGES):
            counts["latin"] += n
        else:
            counts["other"] += n
    return counts


def script_share(text: str) -> dict[str, float]:
    """Share of letters per script.

    Args:
        text: any text.

    Returns:
        ``{"arabic": a, "latin": l, "other": o}``: fractions in [0, 1] of the
        letters (``str.isalpha``, tatweel excluded) that are Arabic-script, Latin or
        anything else; they sum to 1, or are all 0.0 when ``text`` has no letters.
        Digits, punctuation and spaces are not counted.
    """
    counts = _script_counts(text)
    total = sum(counts.values())
    if not total:
        return {k: 0.0 for k in counts}
    return {k: v / total for k, v in counts.items()}


def _arabic_evidence(words: list[str]) -> int:
    folded = [w.replace("ی", "ي").replace("ک", "ك") for w in words]
    return 2 * sum(w in _ARABIC_WORDS for w in folded) + sum(
        len(w) > 3 and w.startswith(_ARABIC_ARTICLE) for w in folded
    )


def _arabic_script_language(text: str) -> str:
    words = _ARABIC_WORD.findall(text.replace("\u200c", " "))
    if not words:
        return "ar"
    arabic = _arabic_evidence(words)
    urdu = sum(ch in _URDU_LETTERS for ch in text) + 2 * sum(w in _URDU_WORDS for w in words)
    if urdu / len(words) >= _MARK_RATE and urdu > arabic:
        return "ur"
    persian = sum(ch in _PERSIAN_LETTERS for ch in text) + 0.5 * sum(
        ch in _PERSIAN_SHARED for ch in text
    )
    persian += 2 * sum(w in _PERSIAN_WORDS for w in words)
    if persian / len(words) >= _MARK_RATE and persian > arabic:
        return "fa"
    return "ar"


def _latin_language(text: str) -> str:
    words = _LATIN_WORD.findall(text.lower().replace("'", " ").replace("\u2019", " "))
    en = sum(w in _ENGLISH_WORDS for w in words)
    fr = sum(w in _FRENCH_WORDS for w in words)
    if en == fr:
        return "und"
    return "en" if en > fr else "fr"


def detect_language(text: str) -> str:
    """Guess the language of ``text``.

    Args:
        text: any text; only letters and words are looked at.

    Returns:
        One of :data:`LANGUAGES`: "ar", "fa" or "ur" for Arabic-script text,
        "en" or "fr" for Latin text, "und" when there are fewer than 2 letters,
        the majority script is neither, or Latin text has no telling function
        words (or as many English as French ones).  Mixed text gets the
        language of the script with most letters.
    """
    counts = _script_counts(text)
    if sum(counts.values()) < 2:
        return "und"
    script = max(counts, key=lambda k: counts[k])
    if script == "arabic":
        return _arabic_script_language(text)
    if script == "latin":
        return _latin_language(text)
    return "und"
