"""MkDocs hook: China's statutory holidays and make-up working days (调休).

"Open now" on the hotline and station pages honours them. The calendar comes
from a maintained library plus the editors' override file
docs/_data/holidays.yml (for a year the library does not know yet); see
`holiday_calendar.py`. Loaded once per build, before the hooks that use it.
"""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

from mhsite.common.data_files import DataFileError
from mhsite.common.holidays import HolidayCalendar, load_holiday_file, unknown_years
from mhsite.common.clock import build_date
from mhsite.mkdocs_support import guarded

log = logging.getLogger("mkdocs.hooks.holidays")

DATA_FILE = "_data/holidays.yml"


@event_priority(60)  # before the hotline and station hooks, which read it
@guarded("docs/_data/holidays.yml")
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    # The date the pages describe (the commit's, site_clock.py): which years
    # they know, and the notice about the years they do not.
    today = build_date()
    path = Path(config.docs_dir) / DATA_FILE
    try:
        calendar = load_holiday_file(path, f"docs/{DATA_FILE}", years=range(today.year - 1, today.year + 2))
    except DataFileError as exc:
        raise PluginError(str(exc)) from None
    for year in unknown_years(calendar, today):
        # Never a warning: an unannounced arrangement is nobody's mistake, and
        # it must not block an urgent fix (a hotline number) from going out.
        # The pages count the law-fixed holidays and say the rest is not known.
        log.info(
            f"{year} 年的放假调休安排还不知道：“正在开放/接听”只按法定节日计算，页面上提示居民先打电话确认。"
            f"国务院办公厅公布安排后，请把它写进 docs/{DATA_FILE}（格式见该文件开头的说明），或升级 chinese-calendar。"
        )
    config.extra["holiday_calendar"] = calendar
    return config


def site_calendar(config: MkDocsConfig) -> HolidayCalendar:
    return config.extra["holiday_calendar"]
