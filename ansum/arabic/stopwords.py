"""Arabic stopwords for ranking (normalized with :func:`ansum.arabic.normalize.normalize`).

A list compiled for this project from the closed word classes of Modern Standard
Arabic: prepositions, conjunctions, pronouns, demonstratives, relatives, particles,
auxiliary verbs (كان وأخواتها), and news function words ("اليوم", "وقت", "خلال").
Reporting verbs are *not* stopwords here: claims.py treats them separately and
the ranker gives them no special weight.
"""

from __future__ import annotations

from ansum.arabic.normalize import normalize

_WORDS = """
في من على الى إلى عن مع ب ل ك و ف ثم او أو ام أم بل لكن لكنّ غير سوى حتى اذا إذا اذ إذ لو لولا
ان إن أن كي لكي لان لأن لما لم لن لا ما ماذا متى اين أين كيف كم هل قد لقد سوف س ليس ليست
هو هي هم هن هما انا أنا نحن انت أنت انتم أنتم انتن إياه اياه اياها إياها اياهم
هذا هذه هذان هاتان هؤلاء ذلك تلك اولئك أولئك هنا هناك هنالك ذاك
الذي التي الذين اللذين اللتين اللذان اللتان اللواتي اللاتي اللائي من ما
كان كانت كانوا يكون تكون يكونوا اصبح أصبح اصبحت أصبحت ظل ظلت بات مازال ما زال لا يزال لازال صار صارت
عند عندما منذ مذ بين بينما حيث حين حينما خلال لدى لدي نحو ضد عبر حول دون فوق تحت امام أمام خلف وراء
قبل بعد اثناء أثناء ازاء إزاء تجاه بشأن بسبب رغم برغم وفق وفقا طبقا
كل بعض جميع أي اي أية اية ايضا أيضا كذلك فقط جدا تماما نفس ذات
به بها بهم بهما له لها لهم لهما منه منها منهم عنه عنها عنهم عليه عليها عليهم فيه فيها فيهم اليه إليه اليها إليها اليهم إليهم
وهو وهي وهم وكان وكانت وقد ولم ولن ولا وما وفي ومن وعلى والى وإلى وعن ومع وأن وان وإن وهذا وهذه وذلك وتلك
هذا وهذا التي والتي الذي والذي الذين والذين
يوم اليوم امس أمس غدا الان الآن وقت خلال سابق السابق
تم يتم وتم حيث إذ اذ كما وكما مثل مثلا
عام العام
""".split()


def _build() -> frozenset[str]:
    return frozenset(normalize(w) for w in _WORDS)


class _Lazy:
    """Set-like wrapper that builds the normalized set on first use (no work at import)."""

    _set: frozenset[str] | None = None

    def __contains__(self, item: object) -> bool:
        if self._set is None:
            self._set = _build()
        return item in self._set

    def __iter__(self):
        if self._set is None:
            self._set = _build()
        return iter(self._set)

    def __len__(self) -> int:
        if self._set is None:
            self._set = _build()
        return len(self._set)


#: Normalized Arabic stopwords; supports ``in``, ``len`` and iteration.
STOPWORDS = _Lazy()
