"""One sentence prepared for matching: normalized text mapped back to the original,
tokens and quotes (:class:`Prepared`), and the quote finder."""

from __future__ import annotations

from ansum.arabic.normalize import normalize_map, tokens
from ansum.claims.lexicon import (
    BI_NOUNS,
    COMPLEMENTIZERS,
    KEPT_STOPS,
    NOT_BI,
    PRONOUN_PPS,
    SETTING_NOUNS,
    is_speaker_stop,
    kept_stop,
    starts_with_conjunction,
    verb_form,
)
from ansum.schema import Span

# --- a sentence prepared for matching ---------------------------------------------

Token = tuple[str, int, int]  # (normalized token, start, end) in normalized offsets
Quote = tuple[int, int, int]  # (opening mark, inner start, inner end) in normalized offsets

_QUOTE_PAIRS = {"\u00ab": "\u00bb", "\u201c": "\u201d"}
_CLOSERS = {"\u00bb": "\u00ab", "\u201d": "\u201c", '"': '"'}
#: Characters trimmed from both ends of a span.
PUNCT = " \t\n،,.:;؛!?؟-–—()[]"
#: A quote this long counts as direct even when nothing introduces it.
MIN_QUOTE_TOKENS = 6


def find_quotes(norm: str) -> list[Quote]:
    """Return the quotes of a text, in order, as ``(open_pos, inner_start, inner_end)``.

    «…» and “…” pair with their closer; straight double quotes pair in order.  An
    unpaired opener (after a space or punctuation, before a letter) runs to the end
    of the text: news often continues a quote into the next paragraph.
    """
    out: list[Quote] = []
    straight: list[int] = []
    i = 0
    while i < len(norm):
        ch = norm[i]
        if ch in _QUOTE_PAIRS:
            close = norm.find(_QUOTE_PAIRS[ch], i + 1)
            out.append((i, i + 1, close if close >= 0 else len(norm)))
            if close < 0:
                break
            i = close
        elif ch == '"':
            straight.append(i)
        i += 1
    out += [(a, a + 1, b) for a, b in zip(straight[0::2], straight[1::2], strict=False)]
    if len(straight) % 2:
        last = straight[-1]
        if norm[last + 1 : last + 3].strip()[:1].isalnum() and (
            last == 0 or norm[last - 1] in PUNCT
        ):
            out.append((last, last + 1, len(norm)))
    return sorted(out)


class Prepared:
    """One sentence ready for matching.

    Attributes:
        text: the original sentence.
        norm: ``normalize(text)``; ``index[i]`` is the offset in ``text`` of ``norm[i]``.
        toks: tokens of ``norm`` as ``(token, start, end)``.
        quotes: all quotes; ``direct``: those that are direct quotes (:meth:`is_direct`).
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.norm, self.index = normalize_map(text)
        self.toks: list[Token] = tokens(self.norm)
        self.quotes = find_quotes(self.norm)
        self.direct = [q for q in self.quotes if self.is_direct(q)]

    def span(self, start: int, end: int) -> Span:
        """Map a normalized ``[start, end)`` (non-empty) to a span of ``text``."""
        return Span(self.index[start], self.index[end - 1] + 1)

    def in_quote(self, pos: int) -> bool:
        """Is normalized offset ``pos`` inside a quote?"""
        return any(q[1] <= pos < q[2] for q in self.quotes)

    def in_direct(self, pos: int) -> bool:
        """Is normalized offset ``pos`` inside a direct quote (not a quoted name)?"""
        return any(q[1] <= pos < q[2] for q in self.direct)

    def is_direct(self, q: Quote) -> bool:
        """Is quote ``q`` a direct quote rather than a quoted name or title?

        True for :data:`MIN_QUOTE_TOKENS`+ words, or for any words introduced by ":",
        "،" or أن/إن ('أن "…"'), or 2+ words right after a reporting verb ('وأضاف "…"').  Quoted
        names ('برنامج "ذا فويس"', '"بيت الإعلاميين العرب في تركيا"') are shorter
        and follow a noun.
        """
        inner = [t for t in self.toks if q[1] <= t[1] < q[2]]
        if not inner:
            return False
        after = next((t for t in self.toks if t[1] > q[2]), None)
        if (
            len(inner) <= 4
            and after is not None
            and after[0] in COMPLEMENTIZERS
            and not self.norm[q[2] + 1 : after[1]].strip(" ،,")
            and self.norm[: q[0]].rstrip()[-1:] != ":"
        ):
            return False  # 'واعتبرت "ستاندرد آند بورز"، أن …': a quoted name, the subject
        if len(inner) >= MIN_QUOTE_TOKENS or self.norm[: q[0]].rstrip()[-1:] in (":", "،", ","):
            return True
        prev = next((t[0] for t in reversed(self.toks) if t[2] <= q[0]), None)
        if prev in COMPLEMENTIZERS:
            return True
        # 'وأضاف "نحن مستعدون"', but not 'وتقول "بلومبرغ" إن' (a quoted name)
        return prev is not None and verb_form(prev) is not None and len(inner) >= 2

    def stop(self, tok: Token) -> bool:
        """Does ``tok`` end a speaker?  The name "علي" (with ي, not على) does not."""
        if tok[0] in ("علي", "وعلي") and self.text[self.index[tok[2] - 1]] == "\u064a":
            return False
        return is_speaker_stop(tok[0])

    def bi_word(self, tok: Token, loose: bool) -> bool:
        """A ب word that opens the content of a :data:`BI_VERBS` verb: ب + a definite noun
        or a verbal noun ("بالاجتماع", "بتقديم", "بوقف"), not a name ("بيسكوف", "بشار");
        with ``loose`` (a verb with no object) any ب word that is not a pronoun phrase."""
        word = tok[0]
        return (
            (word.startswith(("بال", "بت")) or word in BI_NOUNS or (loose and word[:1] == "ب"))
            and word not in PRONOUN_PPS
            and word not in COMPLEMENTIZERS
            and len(word) >= 4
            and word not in NOT_BI
            and not self.in_quote(tok[1])
        )

    def pieces(self, first: int, limit: int) -> list[list[Token]]:
        """Tokens from index ``first`` that end by offset ``limit``, split at commas/brackets."""
        segs: list[list[Token]] = [[]]
        prev_end = None
        for tok in self.toks[first:]:
            if tok[2] > limit:
                break
            if prev_end is not None and any(c in "،,()" for c in self.norm[prev_end : tok[1]]):
                segs.append([])
            segs[-1].append(tok)
            prev_end = tok[2]
        return [seg for seg in segs if seg]

    def _ends(self, tok: Token) -> bool:
        """Is ``tok`` a speaker stop or a reporting verb?"""
        return self.stop(tok) or verb_form(tok[0]) is not None

    def noun_phrase(self, seg: list[Token]) -> list[Token]:
        """The tokens of ``seg`` before the first speaker stop, reporting verb or direct quote.

        A short place phrase that ends the piece stays in a title ("رئيس هيئة السياحة في
        قطر"), but not a setting ("في تصريح", "في الوقت الذي …") or a possessed noun
        ("في توقعاتها السنوية"); a stop of :data:`KEPT_STOPS` stays after its words.
        """
        out: list[Token] = []
        for k, tok in enumerate(seg):
            if tok[0] == "في" and out:
                rest = seg[k + 1 :]
                head = rest[0][0].removeprefix("ال") if rest else ""
                longest = 4 if rest and rest[0][0].startswith("ال") else 2
                if (
                    0 < len(rest) <= longest
                    and head not in SETTING_NOUNS
                    and not head.endswith(("ها", "هم", "هما"))
                    and not any(self._ends(t) or self.in_direct(t[1]) for t in rest)
                ):
                    return out + [tok, *rest]
            if out and kept_stop([t[0] for t in out], tok[0]):
                out.append(tok)  # "عدد من المسؤولين", "السفير لدى الأمم المتحدة"
                continue
            if self.in_direct(tok[1]) or (not self.in_quote(tok[1]) and self._ends(tok)):
                break  # a quoted name ('رئيس "جمعية سوسة غدا"') holds no stop
            out.append(tok)
        while len(out) > 1 and out[-1][0] in KEPT_STOPS:
            out.pop()  # "المجموعة من" + "بين مقترحاتها": the kept stop led nowhere
        return out

    def antecedent(self, r: int, most: int) -> tuple[int, int] | None:
        """The noun phrase before relative pronoun token ``r`` ("…، بوريس جونسون، والذي قال").

        At most ``most`` words back (else None), across the comma right before the
        pronoun but no other, and never over a stop, a verb or a و-verb.
        """
        out: list[Token] = []
        for k in range(r - 1, -1, -1):
            tok = self.toks[k]
            gap = self.norm[tok[2] : (out[0] if out else self.toks[r])[1]]
            if out and any(c in "،,()" for c in gap):
                break
            if self.stop(tok) or verb_form(tok[0]) or starts_with_conjunction(tok[0]):
                break
            out.insert(0, tok)
            if len(out) > most:
                return None
        return (out[0][1], out[-1][2]) if out else None

    def close_quote(self, start: int, end: int) -> tuple[int, int]:
        """Extend ``[start, end)`` over a closing quote mark whose opener it holds."""
        closer = self.norm[end : end + 1]
        if closer in _CLOSERS:
            inside = self.norm[start:end]
            opener = _CLOSERS[closer]
            if (opener == closer and inside.count(closer) % 2) or (
                opener != closer and inside.count(opener) > inside.count(closer)
            ):
                return start, end + 1
        return start, end

    def trimmed(self, start: int, end: int) -> tuple[int, int] | None:
        """``[start, end)`` without spaces and punctuation at its ends; None if empty."""
        while start < end and self.norm[start] in PUNCT:
            start += 1
        while end > start and self.norm[end - 1] in PUNCT:
            end -= 1
        return (start, end) if start < end else None
