"""The numbers the Health page charts: decisions per period by status, options chosen."""

from __future__ import annotations

from tradeoffs.core.model import STATUSES, Evaluation
from tradeoffs.site.context import MonthCount, OptionTally

LISTED_STATUSES = ("proposed", "accepted")
"""Open questions of decisions in these statuses are still open; the others are moot."""


MAX_ROWS = 36
"""Periods a chart shows one row each for: past that, months become quarters, then years."""


def per_period(evaluations: list[Evaluation]) -> tuple[str, list[MonthCount]]:
    """Decisions per month they are dated, by status: every month from the first to the last,
    empty ones too (an even time axis); quarters or years when months would be too many."""
    dates = [ev.decision.date for ev in evaluations if ev.decision.date]
    if not dates:
        return "Month", []
    first, last = min(dates), max(dates)
    months = (last.year - first.year) * 12 + last.month - first.month + 1
    quarters = (last.year - first.year) * 4 + (last.month - 1) // 3 - (first.month - 1) // 3 + 1
    if months <= MAX_ROWS:
        period, step = "Month", 1
    elif quarters <= MAX_ROWS:
        period, step = "Quarter", 3
    else:
        period, step = "Year", 12

    def label(year: int, month: int) -> str:
        if step == 1:
            return f"{year}-{month:02d}"
        return f"{year}-Q{(month - 1) // 3 + 1}" if step == 3 else str(year)

    counts: dict[str, dict[str, int]] = {}
    year, month = first.year, 1 + (first.month - 1) // step * step
    while (year, month) <= (last.year, last.month):
        counts[label(year, month)] = dict.fromkeys(STATUSES, 0)
        year, month = (year + 1, month + step - 12) if month + step > 12 else (year, month + step)
    for ev in evaluations:
        d = ev.decision
        if d.date:
            counts[label(d.date.year, d.date.month)][d.status] += 1
    return period, [MonthCount(m, c) for m, c in counts.items()]


def options_chosen(evaluations: list[Evaluation]) -> list[OptionTally]:
    """How often proposed and accepted decisions chose each option, per framework by title."""
    per_framework: dict[str, dict[str, int]] = {}
    titles: dict[str, str] = {}
    for ev in evaluations:
        if ev.framework is None or ev.decision.status not in LISTED_STATUSES:
            continue
        titles[ev.framework.id] = ev.framework.title
        tally = per_framework.setdefault(ev.framework.id, {})
        for option in ev.decision.chosen:
            tally[ev.option_title(option)] = tally.get(ev.option_title(option), 0) + 1
    return [
        OptionTally(titles[fw_id], sorted(per_framework[fw_id].items()))
        for fw_id in sorted(per_framework, key=lambda i: titles[i].lower())
        if per_framework[fw_id]
    ]
