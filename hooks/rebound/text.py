"""How dates, durations and curated text read on pages and in feeds.

Fixed English names, so the machine's locale cannot change a page. Pure: no I/O, no clock.
"""
from __future__ import annotations

import re
from datetime import datetime, timedelta
from html import escape

_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_MD_SPECIAL = re.compile(r"([\\`*_\[\]{}#|!])")


def format_date(moment: datetime, *, with_time: bool = True) -> str:
    """``Tue 4 Mar 2025, 17:00 UTC`` — fixed English names, so the locale cannot change a page."""
    day = f"{_DAYS[moment.weekday()]} {moment.day} {_MONTHS[moment.month - 1]} {moment.year}"
    return f"{day}, {moment:%H:%M} UTC" if with_time else day


def format_duration(delta: timedelta) -> str:
    """``45 min``, ``1 h``, ``1 h 30 min``, ``3 days``: how long, the same in every time zone."""
    minutes = int(delta.total_seconds()) // 60
    if minutes >= 48 * 60:
        return f"{round(minutes / 1440)} days"
    hours, minutes = divmod(minutes, 60)
    if not hours:
        return f"{minutes} min"
    return f"{hours} h" + (f" {minutes} min" if minutes else "")


def format_age(delta: timedelta) -> str:
    """``45 min``, ``3 h``, ``2 d``."""
    seconds = max(0, int(delta.total_seconds()))
    if seconds < 3600:
        return f"{seconds // 60} min"
    if seconds < 86400:
        return f"{seconds // 3600} h"
    return f"{seconds // 86400} d"


def md_escape(text: str) -> str:
    """Curated text for Markdown: HTML escaped, Markdown punctuation backslash-escaped."""
    return _MD_SPECIAL.sub(r"\\\1", escape(text, quote=False))
