"""Mine the claims lexicon's corpus lists from ../shared/data/corpus/ant-2018.jsonl.gz.

Run by hand; its output was read and pasted (minus the words listed in ``NOT_HEADS``)
into :mod:`ansum.claims.gazetteer`::

    .venv/bin/python benchmarks/mine_lexicon.py verbs      # reporting-verb candidates
    .venv/bin/python benchmarks/mine_lexicon.py subjects   # indefinite subject heads

``verbs``: the first word (without و/ف) of "WORD ال… (1-6 words) أن/إن/:/«" at a sentence
or clause start, for words that are not already reporting verbs, most frequent first.
``subjects``: words without ال right after a known reporting verb, with the share of
those occurrences followed by أن/إن within 4 words ("قال مسؤولون إن", "أكد ترامب أن"):
names, institutions and roles; kept with count >= 8 and share >= 0.2.  The labelled
articles (tests/data/claims_labels_v2.json) are left out of both counts.
"""

from __future__ import annotations

import collections
import gzip
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from ansum.arabic.normalize import normalize, tokens  # noqa: E402
from ansum.claims.lexicon import COMPLEMENTIZERS, is_speaker_stop, verb_form  # noqa: E402

CORPUS = ROOT.parent / "shared" / "data" / "corpus" / "ant-2018.jsonl.gz"
LABELS = ROOT / "tests" / "data" / "claims_labels_v2.json"
#: Words of the ``subjects`` output that are not subject heads (read by hand).
NOT_HEADS = frozenset(
    "لا يجب هذه هذا نحن انا نعتقد يبدو بوضوح كل بشكل لقد مرارا نفسه بعدها لم اريد خلالها "
    "منذ اي رغم ليس مره عام نفس نريد حقيقه حوالي صراحه اذا فعل عامي نامل كيف نعلم نود "
    "نفسها هويته اسمه لcnn لرويترز يمكن اخر بعضهم احدهم بعض احد احدي عده عدد ينبغي هل اتمني "
    "للعالم لذلك نسبه يمكننا مطلع تصريحات سيكون اسمها ذات ذا علنا خلاله بقوه اعرف نعرف اخري "
    "لفرانس24 مستخدم".split()
)


def _texts():
    labelled = set(json.loads(LABELS.read_text(encoding="utf-8"))["articles"])
    with gzip.open(CORPUS, "rt", encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            if row["id"] not in labelled:
                yield normalize(row.get("text", ""))


def verbs(top: int = 250) -> list[tuple[str, int]]:
    """Reporting-verb candidates, most frequent first."""
    cnt: collections.Counter[str] = collections.Counter()
    for text in _texts():
        for sent in re.split(r"(?<=[.!?؟])\s+|\n+", text):
            toks = tokens(sent)
            words = [t[0] for t in toks]
            for i, w in enumerate(words[:-2]):
                gap = sent[toks[i - 1][2] : toks[i][1]] if i else ""
                if i and "،" not in gap and "," not in gap:
                    continue
                if not words[i + 1].startswith("ال") or verb_form(w):
                    continue
                end = toks[min(i + 7, len(toks) - 1)][2]
                near = any(t in COMPLEMENTIZERS for t in words[i + 2 : i + 8])
                if near or re.search(r'[:«"]', sent[toks[i][2] : end]):
                    cnt[w[1:] if w[:1] in "وف" and len(w) > 3 else w] += 1
    return cnt.most_common(top)


def subjects(min_count: int = 8, min_share: float = 0.2) -> list[tuple[str, int, float]]:
    """Indefinite subject heads with their count and share (see the module docstring)."""
    hits: collections.Counter[str] = collections.Counter()
    seen: collections.Counter[str] = collections.Counter()
    for text in _texts():
        words = [t[0] for t in tokens(text)]
        for i, w in enumerate(words[:-3]):
            form = verb_form(w)
            if not form or form[0].kind == "participle":
                continue
            x = words[i + 1]
            if x.startswith(("ال", "وال")) or is_speaker_stop(x) or verb_form(x):
                continue
            seen[x] += 1
            hits[x] += any(t in COMPLEMENTIZERS for t in words[i + 2 : i + 6])
    return [
        (w, c, c / seen[w])
        for w, c in hits.most_common()
        if c >= min_count and c / seen[w] >= min_share and w not in NOT_HEADS
    ]


if __name__ == "__main__":
    what = sys.argv[1] if len(sys.argv) > 1 else "subjects"
    rows = verbs() if what == "verbs" else subjects()
    print(" ".join(str(r[0]) for r in rows))
