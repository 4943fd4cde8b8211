"""Opening hours: is a contact point open at a given moment, and when does it open next?

A weekly schedule is read in the contact point's own time zone and does not apply on that
country's public holidays (the services we list say "helgfria vardagar" / "hverdager").
"""
from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import Any, Optional
from zoneinfo import ZoneInfo

import holidays

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@lru_cache(maxsize=8)
def _holidays(country: str, year: int) -> holidays.HolidayBase:
    return holidays.country_holidays(country, years=year)


def _spans(hours: dict[str, Any], day: dt.date, country: str) -> list[tuple[dt.time, dt.time]]:
    if day in _holidays(country, day.year):
        return []
    spans = []
    for span in (hours.get("weekly") or {}).get(DAYS[day.weekday()], []) or []:
        start, end = span.split("-")
        end_time = dt.time(23, 59, 59) if end == "24:00" else dt.time.fromisoformat(end)
        spans.append((dt.time.fromisoformat(start), end_time))
    return spans


def is_open(hours: Optional[dict[str, Any]], country: str, when: dt.datetime) -> Optional[bool]:
    """True / False, or None when the hours are not known."""
    if not hours:
        return None
    if hours.get("always_open"):
        return True
    local = when.astimezone(ZoneInfo(hours["timezone"]))
    return any(start <= local.time() < end for start, end in _spans(hours, local.date(), country))


def next_opening(hours: Optional[dict[str, Any]], country: str, when: dt.datetime) -> Optional[dt.datetime]:
    """The next moment it opens (in its own time zone), within two weeks; None if unknown."""
    if not hours or hours.get("always_open"):
        return None
    zone = ZoneInfo(hours["timezone"])
    local = when.astimezone(zone)
    for offset in range(15):
        day = local.date() + dt.timedelta(days=offset)
        for start, _ in sorted(_spans(hours, day, country)):
            candidate = dt.datetime.combine(day, start, tzinfo=zone)
            if candidate > local:
                return candidate
    return None
