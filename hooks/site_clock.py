"""The build's notion of "today".

Staleness checks (hotlines not verified for too long, overdue reviews) depend
on the date. To keep "same commit, same output", the date is read once per
build: from SOURCE_DATE_EPOCH when set (the reproducible-builds convention,
also used by the tests), else today's date in China.
"""

from __future__ import annotations

import os
from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

CHINA = ZoneInfo("Asia/Shanghai")


def build_date() -> date:
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        return datetime.fromtimestamp(int(epoch), tz=timezone.utc).astimezone(CHINA).date()
    return datetime.now(CHINA).date()


def build_time() -> datetime:
    """The build's moment, in China's time (SOURCE_DATE_EPOCH when set).

    Used where the time of day matters: which activities have ended, whether
    an emergency campaign is on.
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        return datetime.fromtimestamp(int(epoch), tz=timezone.utc).astimezone(CHINA)
    return datetime.now(CHINA).replace(microsecond=0)
