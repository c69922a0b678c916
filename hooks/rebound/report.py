"""What readers will get, niche by niche: the table `make feeds` prints after a refresh.

Pure: the same views and time give the same table. It counts what the pages show (the views of
`rebound.views`, contributed events included), not what the cache holds.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from rebound.views import NicheView

WEEK, MONTH = timedelta(days=7), timedelta(days=30)


@dataclass(frozen=True)
class NicheFigures:
    """One niche's row: events starting in the next 7 and 30 days, trainings of the last 30, failing sources."""

    niche: str
    events_7: int
    events_30: int
    trainings_30: int
    failing: tuple[str, ...]


def count_niche(view: NicheView, now: datetime) -> NicheFigures:
    """The figures of one niche at ``now`` (occurrences of a series count one each)."""
    starts = [e.starts for e in view.upcoming if e.starts and e.is_on(now)]
    trainings = [e for e in view.trainings if e.date and e.date >= now - MONTH]
    failing = tuple(s.source.name for s in view.statuses if s.state in ("failing", "stale"))
    return NicheFigures(view.niche.slug, sum(s < now + WEEK for s in starts), sum(s < now + MONTH for s in starts),
                        len(trainings), failing)


def format_niche_table(views: Sequence[NicheView], now: datetime) -> str:
    """A Markdown table (readable as plain text too): one row per niche and a total."""
    rows = [count_niche(view, now) for view in views]
    lines = ["| niche | events, next 7 days | events, next 30 days | trainings, last 30 days | failing sources |",
             "| --- | ---: | ---: | ---: | --- |"]
    for row in rows:
        lines.append(f"| {row.niche} | {row.events_7} | {row.events_30} | {row.trainings_30} | "
                     f"{', '.join(row.failing) or 'none'} |")
    lines.append(f"| all niches | {sum(r.events_7 for r in rows)} | {sum(r.events_30 for r in rows)} | "
                 f"{sum(r.trainings_30 for r in rows)} | {sum(len(r.failing) for r in rows)} |")
    return "\n".join(lines)
