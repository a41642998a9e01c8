"""Figures in English for every format: ISO dates, with the year taken from the article.

A :class:`~ansum.schema.Figure`'s ``value`` is already English for numbers, percents,
money, times and years ("3.5%", "5 million dollars", "23:30").  A date's ``value`` is
its numbers in written order ("30 12 2021", "10 1"); here it becomes an ISO 8601
calendar date ("2021-12-30").  When the date has no year, the year comes from the
article's date (``meta.date``): the one that puts the date nearest to the article's
(so "10 January" in an article of 30 December 2021 is 2022-01-10), and the result says
the year was inferred.  Without an article date the year is left out ("--12-30" is not
used: it is "30 December", year unknown).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ansum.schema import Figure

_MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August",
                "September", "October", "November", "December")


@dataclass(frozen=True)
class EnglishFigure:
    """A figure in English.

    Attributes:
        text: the English form ("2021-12-30", "3.5%", "23:30").
        year_inferred: True when a date's year came from the article's date.
    """

    text: str
    year_inferred: bool = False

    def label(self) -> str:
        """``text``, followed by "(year inferred from the article's date)" when it was."""
        return f"{self.text} (year inferred)" if self.year_inferred else self.text


def _parts(value: str) -> tuple[list[int], int | None, int | None]:
    """Split a date ``value`` into (days, month, year); month/year None when absent."""
    try:
        nums = [int(n) for n in value.split()]
    except ValueError:
        return [], None, None
    if not nums:
        return [], None, None
    if nums[0] >= 1000 and len(nums) == 3:  # 2021/12/30
        return [nums[2]], nums[1], nums[0]
    year = nums.pop() if nums[-1] >= 1000 else None
    month = nums.pop() if nums and 1 <= nums[-1] <= 12 else None
    return nums, month, year


def article_day(date_text: str) -> dt.date | None:
    """The article's date from ``meta.date`` ("30 ديسمبر 2021", "2021-12-30"), or None."""
    from ansum.claims.figures import extract_figures

    for figure in extract_figures(date_text or ""):
        if figure.kind == "date":
            days, month, year = _parts(figure.value)
            if year and month:
                try:
                    return dt.date(year, month, days[0] if days else 1)
                except ValueError:
                    return None
    return None


def _nearest_year(month: int, day: int, ref: dt.date) -> int:
    best = ref.year
    for year in (ref.year - 1, ref.year, ref.year + 1):
        try:
            if abs((dt.date(year, month, day) - ref).days) < abs(
                (dt.date(best, month, day) - ref).days
            ):
                best = year
        except ValueError:  # 29 February
            continue
    return best


def english_figure(figure: Figure, ref: dt.date | None = None) -> EnglishFigure:
    """Return ``figure`` in English.

    Args:
        figure: a figure of a claim.
        ref: the article's date (:func:`article_day`), used for a date without a year.

    Returns:
        For a date: ISO "YYYY-MM-DD" (several days: "YYYY-MM-DD, YYYY-MM-DD"), "YYYY-MM"
        for a month and year, "30 December" when the year is unknown; for any other kind
        the figure's ``value``.  Never raises.
    """
    if figure.kind != "date":
        return EnglishFigure(figure.value)
    days, month, year = _parts(figure.value)
    if month is None:
        return EnglishFigure(figure.value)
    inferred = False
    if year is None and ref is not None:
        year, inferred = _nearest_year(month, days[0] if days else 1, ref), True
    if year is None:
        name = _MONTH_NAMES[month - 1]
        return EnglishFigure(", ".join(f"{d} {name}" for d in days) if days else name)
    if not days:
        return EnglishFigure(f"{year:04d}-{month:02d}", inferred)
    try:
        dates = [dt.date(year, month, d).isoformat() for d in days]
    except ValueError:
        return EnglishFigure(figure.value)
    return EnglishFigure(", ".join(dates), inferred)
