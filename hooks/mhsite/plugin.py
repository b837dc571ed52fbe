"""The site's MkDocs plugin: one object that owns a build's state, reads the
clock once, and calls the capabilities in an order written here.

`hooks/plugin.py`, the one entry under `hooks:` in mkdocs.yml, makes one
`SitePlugin` and hands MkDocs its event methods. Each event method below is
the only one of its event, with a priority that says where it runs among
Material's plugins (tags, blog); inside it, the steps run in the order they
are written. The capabilities' packages do the work and never import MkDocs;
this module (with mkdocs_support.py) is where MkDocs meets them.

State: `BuildState`, a new one at every build's on_config (`mkdocs serve`
keeps this object across rebuilds: nothing of a previous build survives).
Nothing is parked in `config.extra`, which holds the operator's settings
only. Our theme templates (overrides/) read the build's data as `mh`
(`TemplateData`, put into the Jinja environment in on_env).
"""

from __future__ import annotations

import html
import inspect
import json
import logging
import os
import re
import shutil
import sys
import tempfile
import uuid
from dataclasses import dataclass, field
from datetime import timezone
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from markupsafe import Markup, escape
from material.plugins.blog.structure import View
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.utils.meta import get_data

from mhsite.audiences.model import AudienceList, load_audiences
from mhsite.audiences.pages import AudienceContent, audience_page, audiences_index, home_audiences
from mhsite.common.background import Background, available_cores, result
from mhsite.common.memory import keep, long_lived, release
from mhsite.common.minify import minifiable, minified
from mhsite.common.cjk import refold_front_matter, refold_values
from mhsite.common.cjk_markdown import CjkBreaksExtension
from mhsite.common.clock import Clock, read_clock
from mhsite.common.data_files import DataFileError, report
from mhsite.common.front_matter import as_written, read_front_matter
from mhsite.common.holidays import HolidayCalendar, calendar_to_json, load_holidays, unannounced_note
from mhsite.common.pagination import neighbours
from mhsite.common.render import render_html
from mhsite.common.render_share import RenderShare, can_fork
from mhsite.common.text import sanitize_regions
from mhsite.config import SiteConfig, SiteSettings, category_errors, read_config, repo_url_problem, validate_settings
from mhsite.content.body import body_problems
from mhsite.content.model import (
    CheckedPage,
    ContentSettings,
    check_page,
    kind_of,
    lesson_order_errors,
    load_settings,
    overdue_reviews,
)
from mhsite.common.structured import json_ld
from mhsite.common.tel_links import Number as TelNumber
from mhsite.common.tel_links import link_numbers
from mhsite.content.structured import page_structured
from mhsite.events.structured import event_structured
from mhsite.content.pages import Lessons, RelatedPages, articles_pages, guides_pages, lessons_pages, page_footer, page_header, series_list
from mhsite.csp.policy import PolicyError, nginx_policy, policy_hashes, scan, with_hashes
from mhsite.emergency.model import load_emergency, missing_page, notice_view, ended_notice
from mhsite.events.calendar import calendar_file
from mhsite.events.model import Event, EventList, load_events
from mhsite.events.pages import (
    FACTS_MARKER,
    archive_pages,
    calendar_path,
    event_facts,
    event_source,
    events_pages,
    events_json,
    home_events,
    station_events,
)
from mhsite.faq.model import load_faq
from mhsite.faq.pages import faq_page
from mhsite.hotlines.model import HotlineDirectory, load_hotlines
from mhsite.hotlines.pages import crisis_views, directory_page, export_json, handout_page
from mhsite.mkdocs_support import add_generated, guard, load_data, project_root, reported, shown_path
from mhsite.news.feed import FEEDS, FeedError, NewsPost, html_summary, post_dates, rss_feed
from mhsite.news.model import check_post, load_authors
from mhsite.open_data.hsds import PATH as HSDS_PATH
from mhsite.open_data.hsds import hsds_export
from mhsite.offline.worker import OFFLINE_PAGE, WORKER, OfflineError, worker_script
from mhsite.publication.check import DataFiles, check, heading, listing, publish_mode, summary
from mhsite.publication.operator import ReportContact
from mhsite.safe_messaging.wording import help_box, mentions_suicide, unsafe_wording, with_help_box
from mhsite.search.index import (
    PagefindRun,
    SearchIndexError,
    content_part,
    documents_folder,
    entry_files,
    page_list,
    write_documents,
)
from mhsite.self_check.model import Questionnaire, load_questionnaires, page_title
from mhsite.self_check.pages import index_page, questionnaire_page
from mhsite.stations.model import Station, StationNetwork, load_stations
from mhsite.stations.pages import (
    BodyContext,
    area_page,
    area_slug,
    by_area,
    locator_data,
    locator_page,
    remember_context,
    station_page_bodies,
    station_page_body,
    station_source,
    with_remembered_network,
)

log = logging.getLogger("mkdocs.mhsite")

# The editors' data files, under docs/.
AUDIENCES = "_data/audiences.yml"
HOLIDAYS = "_data/holidays.yml"
HOTLINES = "_data/hotlines.yml"
STATIONS = "_data/stations.yml"
EVENTS = "_data/events.yml"
EMERGENCY = "_data/emergency.yml"
QUESTIONNAIRES = "_data/questionnaires"
CONTENT = "_data/content.yml"
FAQ = "_data/faq.yml"

# The settings of mkdocs.yml whose text pages show (CJK line breaks refolded).
_TEXT_SETTINGS = ("site_name", "site_description", "site_author", "copyright", "extra")
# Front-matter values Material prints into the page as HTML: escaped once, here.
_PRINTED = ("title", "description", "author", "subtitle")
# The home page's marker line for its upcoming activities (docs/index.md).
HOME_MARKER = "<!-- 近期活动 -->"
# ... and for the links to the 「我是……」 pages, one tap each (audiences/).
HOME_AUDIENCES_MARKER = "<!-- 我是 -->"
# The server config whose Content-Security-Policy the pages must keep
# (README, "Publishing"); MH_CSP_UPDATE=1 (./run csp) writes its hashes.
CSP_CONFIG = "deploy/nginx.conf"
CSP_UPDATE = "MH_CSP_UPDATE"
# The site search's output (README, "Site search").
SEARCH_OUTPUT = "pagefind"
# Station page bodies per task of the helper process: big enough that a
# task's overhead does not count, small enough that the first pages need not wait.
BODY_BATCH = 200
# Pages per search-document task of the helper process.
SEARCH_BATCH = 50
SEARCH_PAGES = "search/pages.json"
SEARCH_SETTINGS = "search/search_index.json"
# Material's highlighter splits `?h=` into words on this (and marks each on
# the page); the worker puts the words the resident typed there.
SEARCH_SEPARATOR = '[\\s\\u200b\\-_,:!=\\[\\]()"/，。、；：！？（）《》]+'
NEWS_NAME = "动态"
# Pages read between two freezes of what is alive (common/memory.py): each
# full collection then walks the pages since the last, not all of them.
KEEP_EVERY = 1000
# Station and area pages from which their rendering is shared with a fork
# (common/render_share.py): below, the fork costs about what it saves.
SHARE_FROM = 1000
RENDER_SHARE = "MH_RENDER_SHARE"
# MkDocs 1.6's (and ProperDocs 1.6.7's) mkdocs/commands/build.py, _build_page.
_BUILD_PAGE_PARAMETERS = ["page", "config", "doc_files", "nav", "env", "dirty", "excluded"]
_CONTROL = re.compile(r"[\x00-\x08\x0B\x0C\x0E-\x1F\x7F]")


@dataclass
class ContentBuild:
    """The articles, lessons and guides of a build, checked."""

    settings: ContentSettings
    pages: dict[str, CheckedPage]  # by src_uri
    lessons: Lessons
    related: RelatedPages  # once: every page's "related" list


@dataclass
class BuildState:
    """Everything one build knows, from on_config to on_post_build."""

    clock: Clock
    settings: SiteSettings = field(default_factory=SiteSettings)  # the operator's (config.py)
    site: SiteConfig | None = None  # mkdocs.yml as written, with its lines
    holidays: HolidayCalendar | None = None
    audiences: AudienceList | None = None  # the one vocabulary every data file's `audience` refers to
    hotlines: HotlineDirectory | None = None
    help_bar: dict[str, Any] = field(default_factory=dict)  # {"lines": [...]}: every page's crisis numbers
    tel_numbers: dict[str, TelNumber] = field(default_factory=dict)  # digits → the hotline, linked in pages' text
    stations: StationNetwork | None = None
    events: EventList | None = None
    emergency: dict[str, Any] | None = None  # emergency.model.notice_view, its link resolved in on_files
    emergency_setting: Any = None  # the EmergencySetting, for messages about the link
    questionnaires: list[tuple[Questionnaire, str]] = field(default_factory=list)
    content_settings: ContentSettings | None = None
    report: ReportContact | None = None  # the operator's, for "信息有误？"
    report_404_html: str = ""
    # on_files
    content: ContentBuild | None = None
    # Pages whose front matter a step before on_page_markdown has read and
    # reported (the articles, lessons and guides): said once, not again.
    front_matter_reported: set[str] = field(default_factory=set)  # src_uris
    station_pages: dict[str, Station] = field(default_factory=dict)  # by src_uri
    station_context: BodyContext | None = None  # what every station page's body is made from
    station_context_sent: Any = None  # its future in the helper process (None: not sent)
    station_bodies: dict[str, tuple[Any, int]] = field(default_factory=dict)  # station id → (its batch's future, place in it)
    station_calendar_json: dict[str, Any] = field(default_factory=dict)  # the same in every station page
    station_holiday_note: str = ""
    event_pages: dict[str, Event] = field(default_factory=dict)  # by src_uri
    station_events_html: dict[str, str] = field(default_factory=dict)  # by station id
    home_events_html: str = ""
    home_audiences_html: str = ""
    list_pages: set[str] = field(default_factory=set)  # src_uris of the generated pages of paginated lists
    # Generated files whose content the helper process makes while MkDocs
    # reads the pages, set in on_env: src_uri → (its future or None, the
    # same made here).
    later_files: dict[str, tuple[Any, Callable[[], str]]] = field(default_factory=dict)
    # pages
    news_posts: dict[str, NewsPost] = field(default_factory=dict)  # by src_uri
    # Pages for the search index: written as documents into search_folder by
    # the helper process, a batch at a time (search_batches: futures of the
    # paths written, with the batch itself for a rerun here).
    search_folder: tempfile.TemporaryDirectory | None = None
    search_batch: list[tuple[str, str]] = field(default_factory=list)  # (page's file in the site, content part)
    search_batches: list[tuple[Any, list[tuple[str, str]]]] = field(default_factory=list)
    # Station and area pages, outside the search, are built last (on_nav):
    # once every other page is written, Pagefind starts on the other core
    # (search_run) while they are rendered. search_waiting: the pages still
    # to come before it can; search_late: a document came after it started
    # (it is run again at the end).
    last_pages: set[str] = field(default_factory=set)  # src_uris
    search_waiting: set[str] = field(default_factory=set)  # src_uris
    search_run: PagefindRun | None = None
    search_late: bool = False
    search_pages: dict[str, tuple[str, float]] = field(default_factory=dict)  # page's url → (title, boost)
    # Each inline script of the templates, with the first page that has it
    # (in build order: page_order, the theme's templates -1).
    template_scripts: dict[str, tuple[int, str, str]] = field(default_factory=dict)  # hash → (order, page, excerpt)
    page_order: dict[str, int] = field(default_factory=dict)  # src_uri → place among the pages MkDocs renders
    pages_read: int = 0  # on_page_content so far


@dataclass(frozen=True)
class TemplateData:
    """What our theme templates (overrides/) read of a build, as `mh`."""

    help_bar: dict[str, Any]  # partials/help-bar.html, elderly-head.html
    emergency: dict[str, Any] | None  # partials/emergency.html, main.html
    content_pages: dict[str, CheckedPage]  # the content tools (read aloud, print)
    report_404_html: str  # 404.html


def add_cjk_breaks(config: MkDocsConfig) -> None:
    """No space where a Chinese line was broken (common/cjk.py): the Markdown
    extension for every page (written, generated, news posts and their
    excerpts, hence the search index), and the texts of mkdocs.yml that
    pages and the feeds show, where YAML folded a line break into a space
    (`site_description: >-`). Added here rather than named in mkdocs.yml
    because MkDocs imports the extensions named there before it loads the
    hooks, when this package cannot be imported yet."""
    config.markdown_extensions.append(CjkBreaksExtension())
    if config.config_file_path:
        try:
            source = Path(config.config_file_path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return  # MkDocs has read it already; nothing to add
        refold_values(config, source, _TEXT_SETTINGS)


class SitePlugin:
    """The site's plugin (see the module's docstring)."""

    def __init__(self) -> None:
        self.command = "build"  # or "serve": set once per session (on_startup)
        self._state: BuildState | None = None
        self.dirty = False
        self._background: Background | None = None  # a second core for pure work, one per build
        self._share: RenderShare | None = None  # the last pages rendered on a second core, one per build
        self.hook_name: str | None = None

    @property
    def background(self) -> Background:
        if self._background is None:
            self._background = Background()
        return self._background

    def _end_background(self) -> None:
        if self._background is not None:
            self._background.close()
            self._background = None

    @property
    def state(self) -> BuildState:
        if self._state is None:
            raise PluginError("mhsite: a build event before on_config")
        return self._state

    # -- Startup and settings -------------------------------------------------

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Once per session: `serve` calls on_config for every rebuild, this once.
        self.command = command
        self.dirty = dirty

    @event_priority(20)  # before Material's tags and blog (0): the blog reads the authors file, our check comes first
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        # `serve`'s rebuild: the last build's objects, collected now (the
        # block below would keep its garbage to the end of this build).
        rebuild, self._state = self._state is not None, None
        release(collect=rebuild)
        with long_lived():  # the data, kept to the end of the build (common/memory.py)
            return self._configure(config)

    def _configure(self, config: MkDocsConfig) -> MkDocsConfig:
        clock = self._read_clock(config)
        self._end_background()  # a rebuild (`serve`) that failed before its end
        self._state = state = BuildState(clock)  # a new build: nothing of the previous one
        # The name MkDocs gives the hook (its path in mkdocs.yml): what
        # File.generated writes as `generated_by` of the files we add.
        self.hook_name = next((name for name, hook in config.hooks.items() if getattr(hook, "plugin", None) is self), None)
        with guard("mkdocs.yml"):
            add_cjk_breaks(config)
            self._check_settings(config)
        with guard("docs/" + HOLIDAYS):
            state.holidays = reported(load_data(config, HOLIDAYS, load_holidays, clock.build_date), log)
        with guard("docs/" + AUDIENCES):
            # Before every file whose `audience` names them.
            state.audiences = reported(load_data(config, AUDIENCES, load_audiences), log)
        with guard("docs/" + HOTLINES):
            self._load_hotlines(config)
        with guard("docs/" + STATIONS):
            # Stale `verified` dates are notices: the calendar moving on must
            # never stop an urgent fix from being published.
            state.stations = reported(load_data(config, STATIONS, load_stations, clock.today, state.audiences.names), log)
        with guard("docs/" + EVENTS):
            # Activities refer to the stations and to the audiences.
            network = state.stations
            samples = [s.id for s in network.stations if network.is_sample(s)]
            state.events = reported(
                load_data(
                    config, EVENTS, load_events, network.by_id, network.areas, state.audiences.names, network.meta.coordinates, samples,
                    network.refused,
                ),
                log,
            )
        with guard("docs/" + EMERGENCY):
            self._load_emergency(config)
        with guard("docs/" + QUESTIONNAIRES + "/"):
            folder = Path(config.docs_dir) / QUESTIONNAIRES
            state.questionnaires = reported(load_questionnaires(folder, lambda path: shown_path(config, path), Path(config.docs_dir)), log)
        with guard("docs/" + CONTENT):
            state.content_settings = reported(load_data(config, CONTENT, load_settings), log)
        with guard("docs/news/"):
            self._check_news(config)
        with guard("overrides/sw.js"):
            # The page shown offline for a page never saved, rendered as /offline.html.
            config.theme.static_templates.add(OFFLINE_PAGE)
        with guard("mkdocs.yml"):
            self._check_publication(config)  # last: it reads what the steps above loaded
        return config

    def _read_clock(self, config: MkDocsConfig) -> Clock:
        """The build's moment and the checks' date, read once (common/clock.py):
        from SOURCE_DATE_EPOCH, else the last commit when the files the build
        reads (mkdocs.yml, docs/, overrides/, hooks/) have no uncommitted
        change, else now; said when it is not reproducible."""
        root = project_root(config).resolve()
        inputs = [Path(config.config_file_path), Path(config.docs_dir), Path(__file__).resolve().parent.parent]
        if config.theme.custom_dir:
            inputs.append(Path(config.theme.custom_dir))
        clock = read_clock(root, inputs)
        shown = f"{clock.moment:%Y-%m-%d %H:%M:%S}（北京时间）"
        if clock.source == "now":
            # A preview (serve) is of no commit: say it only for a real build.
            say = log.debug if self.command == "serve" else log.info
            # The command named is the one that publishes (./run site is a
            # preview: it accepts sample data).
            this = "这次正式发布的网站" if publish_mode(config.extra.get("publish")) else "这样生成的网站"
            say(
                f"构建时间取现在的时间 {shown}：{clock.reason}。"
                f"{this}与任何提交都对不上；要发布，请先提交，再运行 ./run publish（同一提交，输出完全相同）。"
            )
        else:
            what = "最后一次提交的时间" if clock.source == "commit" else "SOURCE_DATE_EPOCH"
            log.debug(f"构建时间取{what}：{shown}")
        return clock

    def _check_settings(self, config: MkDocsConfig) -> None:
        """The operator's settings in mkdocs.yml, typed (config.py): every
        mistake, and every key under `extra:` that is not a setting, is a
        warning with its line (strict builds stop); the settings are used
        from here on (a setting with a mistake at its default)."""
        try:
            site = read_config(Path(config.config_file_path))
        except DataFileError as exc:
            raise PluginError(str(exc)) from None
        blog = config.plugins.get("material/blog")
        categories = list(blog.config.categories_allowed or []) if blog else []
        settings, errors = validate_settings(config, site.doc)
        errors += category_errors(categories, site.text)
        problem = repo_url_problem(config.repo_url)
        report(errors + ([problem] if problem else []), log.warning)
        self.state.site = site
        self.state.settings = settings

    def _load_hotlines(self, config: MkDocsConfig) -> None:
        """The hotline directory, and the crisis lines of every page's help bar."""
        directory = reported(load_data(config, HOTLINES, load_hotlines, self.state.clock.today, self.state.audiences.names), log)
        lines = [
            {"label": line.short_label, "display": line.number.display, "tel": line.number.tel}
            for line in directory.crisis_lines
        ]
        if not lines and directory.refused_crisis:
            # The file has its crisis lines; each refused one has its own
            # message above (a strict build fails on it). Not "no crisis
            # lines", which would be wrong: one note of what waits on them.
            log.info(
                f"docs/{HOTLINES}: 求助热线 {'、'.join(directory.refused_crisis)} 有错误（见上面的提示），"
                "改好之前，页面顶部的求助电话栏是空的。"
            )
        elif not lines:
            # A mental-health site without crisis numbers on every page is not safe to publish.
            raise PluginError(
                f"docs/{HOTLINES}: 没有可用的求助热线（crisis: true 且号码有效的条目）。"
                "每个页面顶部都要显示求助电话，请至少保留 12356、110、120。"
            )
        self.state.hotlines = directory
        self.state.help_bar = {"lines": lines}
        # The numbers linked where a page's text names them: the real lines only.
        self.state.tel_numbers = {
            written: TelNumber(h.number.digits, h.number.tel, h.short_label)
            for h in directory.hotlines
            if not directory.is_sample(h)
            for written in (h.number.digits, h.number.display)  # as dialled, as the directory shows it
        }

    def _load_emergency(self, config: MkDocsConfig) -> None:
        """Emergency mode: a campaign that has not ended at the build's moment
        is shown on every page (its link is resolved in on_files)."""
        setting = reported(load_data(config, EMERGENCY, load_emergency), log)
        campaign = setting.campaign
        if campaign is None:
            return
        now = self.state.clock.moment
        if campaign.state(now) == "over":
            log.info(str(ended_notice(setting, campaign)))
            return
        self.state.emergency = notice_view(campaign, now)
        self.state.emergency_setting = setting

    def _check_news(self, config: MkDocsConfig) -> None:
        """The news posts and the blog's authors file, checked before Material's
        blog reads them: a mistake there is a Chinese message with the file and
        line, not the blog's English one or a Python error."""
        blog = config.plugins.get("material/blog")
        if blog is None:
            return
        docs = Path(config.docs_dir)
        authors_path = docs / blog.config.authors_file.format(blog=blog.config.blog_dir)
        authors, errors, _ = load_authors(authors_path, shown_path(config, authors_path))
        categories = list(blog.config.categories_allowed or [])
        posts = docs / blog.config.post_dir.format(blog=blog.config.blog_dir)
        for path in sorted(posts.rglob("*.md")):
            errors += check_post(path.read_text(encoding="utf-8-sig"), shown_path(config, path), categories, authors)
        if errors:
            report(errors, log.warning)
            # Material's blog would stop on the first of these with a message
            # in English, or a Python error: stop here instead.
            raise PluginError(f"动态（{blog.config.blog_dir}/）有 {len(errors)} 处需要修改，见上面的提示。")

    def _check_publication(self, config: MkDocsConfig) -> None:
        """The publication check (publication/check.py) and the operator's
        contact for "信息有误？". In publish mode (`extra.publish: true`, or
        MH_PUBLISH=1 as `./run publish` sets) anything on the list stops the
        build, with the whole list; in any other build the list is one INFO
        line, never a failure. The one place a build refuses sample or
        unreviewed content."""
        state = self.state
        operator = state.settings.extra.operator
        contact = operator.report_contact() if operator else None
        state.report = contact
        # The 404 page (overrides/404.html): its script adds the address tried.
        state.report_404_html = (
            render_html(
                "_report.html",
                report=contact.link(
                    "找不到的页面", "", lead="如果您是扫描海报上的二维码来到这里，", tail="，我们会更新海报", here=True
                ),
            )
            if contact
            else ""
        )
        findings = check(state.site, state.clock.moment, DataFiles(state.hotlines, state.stations, state.events, audiences=state.audiences))
        if publish_mode(state.settings.extra.publish):
            if findings:
                raise PluginError(listing(findings, heading(findings, "正式发布（publish 模式）被拒绝")))
        elif findings:
            log.info(summary(findings))

    # -- Files ------------------------------------------------------------------

    @event_priority(0)  # before Material's blog (-50), which makes its pages from the files we leave
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        with long_lived():  # the generated pages' sources, kept to the end of the build (common/memory.py)
            return self._add_files(files, config)

    def _add_files(self, files: Files, config: MkDocsConfig) -> Files:
        with guard("docs/news/"):
            blog = config.plugins.get("material/blog")
            for author in getattr(blog, "authors", {}).values() if blog else ():
                # The blog's templates print these as HTML.
                author.name = Markup(escape(author.name))
                author.description = Markup(escape(author.description or ""))
        with guard("docs/" + HOTLINES):
            files = self._hotline_files(files, config)
        with guard("docs/" + STATIONS):
            files = self._station_files(files, config)
        with guard("docs/" + EVENTS):
            files = self._event_files(files, config)
        with guard("docs/" + STATIONS, "docs/" + EVENTS):
            files = self._station_bodies(files, config)  # with each station's activities
        with guard("docs/" + EMERGENCY):
            self._link_emergency(files)
        with guard("docs/" + QUESTIONNAIRES + "/"):
            files = self._self_check_files(files, config)
        with guard("docs/" + CONTENT):
            files = self._content_files(files, config)
        with guard("docs/" + FAQ):
            faq = reported(load_data(config, FAQ, load_faq, self.state.clock.today, self.state.audiences.names), log)
            files = add_generated(files, config, {"faq/index.md": faq_page(faq.topics, faq.questions)}, log, FAQ)
        with guard("docs/" + AUDIENCES):
            # Last of the data pages: they gather from all of the above.
            files = self._audience_files(files, config, faq)
        with guard("docs/" + STATIONS, "docs/" + HOTLINES):
            files = self._open_data(files, config)
        with guard("docs/assets/"):
            files = self._minified_assets(files, config)
        with guard("overrides/sw.js"):
            # The worker's code is a theme file: written by on_post_build, not copied as it is.
            existing = files.get_file_from_path(WORKER)
            if existing is not None:
                if Path(existing.abs_src_path or "").parent != _worker_code(config).parent:
                    log.warning(f"docs/{WORKER} 与自动生成的离线服务脚本冲突，已忽略该文件。")
                files.remove(existing)
        return files

    def _minified_assets(self, files: Files, config: MkDocsConfig) -> Files:
        """Our scripts and stylesheets in docs/ served without their comments
        (common/minify.py); the files in docs/ stay as written."""
        docs = Path(config.docs_dir).resolve()
        for file in list(files):
            source = file.abs_src_path
            if file.generated_by is not None or not source or not minifiable(file.src_uri):
                continue
            if not Path(source).resolve().is_relative_to(docs):
                continue  # a theme file (Material's, overrides/)
            text = Path(source).read_text(encoding="utf-8")
            files.remove(file)
            files.append(File.generated(config, file.src_uri, content=minified(file.src_uri, text)))
        return files

    def _hotline_files(self, files: Files, config: MkDocsConfig) -> Files:
        """/hotlines/, /hotlines/print/ and /hotlines/hotlines.json."""
        state = self.state
        page_url = (config.site_url or "") + "hotlines/"
        generated = {
            "hotlines/index.md": directory_page(
                state.hotlines, state.holidays, unannounced_note(state.holidays, state.clock.build_date), state.report, page_url
            ),
            "hotlines/print/index.md": handout_page(state.hotlines, page_url, config.site_name),
            "hotlines/hotlines.json": export_json(state.hotlines),
        }
        return add_generated(files, config, generated, log, HOTLINES)

    def _station_files(self, files: Files, config: MkDocsConfig) -> Files:
        """/stations/ (the locator), /stations/<id>/ (each station, its body
        made in on_page_content), /stations/area/<area>/, stations.json."""
        state = self.state
        network = state.stations
        # The same for every station page: converted once, embedded in each.
        state.station_calendar_json = calendar_to_json(state.holidays)
        state.station_holiday_note = unannounced_note(state.holidays, state.clock.build_date)
        groups = by_area(network)
        generated: dict[str, str | bytes] = {
            "stations/index.md": locator_page(network, groups),
        }
        for area, members in groups.items():
            generated[f"stations/area/{area_slug(area)}/index.md"] = area_page(network, area, members)
            state.last_pages.add(f"stations/area/{area_slug(area)}/index.md")
        for station in network.stations:
            src_uri = f"stations/{station.id}/index.md"
            generated[src_uri] = station_source(network, station)
            state.station_pages[src_uri] = station
            state.last_pages.add(src_uri)
        return add_generated(files, config, generated, log, STATIONS)

    def _station_bodies(self, files: Files, config: MkDocsConfig) -> Files:
        """The station pages' bodies (their QR codes most of the cost), made
        by the helper process while MkDocs renders the other pages
        (common/background.py), in batches the pages pick up in
        on_page_content; and, before them, /stations/stations.json."""
        state = self.state
        network = state.stations
        state.station_context = context = BodyContext(
            network=network,
            calendar=state.holidays,
            calendar_json=state.station_calendar_json,
            site_url=_with_slash(config.site_url or "/"),
            today=state.clock.build_date,
            events_html=state.station_events_html,
            holiday_note=state.station_holiday_note,
            report=state.report,
            build=uuid.uuid4().hex,
        )
        if network.stations:
            state.station_context_sent = self.background.submit(remember_context, context)
        # First: the helper makes it while MkDocs reads the other pages, long
        # before it needs the first station's body.
        files = self._made_by_helper(files, config, "stations/stations.json", locator_data, state.holidays)
        for start in range(0, len(network.stations), BODY_BATCH):
            batch = [s.id for s in network.stations[start : start + BODY_BATCH]]
            future = self.background.submit(station_page_bodies, context.build, batch)
            for place, station_id in enumerate(batch):
                state.station_bodies[station_id] = (future, place)
        return files

    def _made_by_helper(self, files: Files, config: MkDocsConfig, src_uri: str, make: Callable[..., str], *args: Any) -> Files:
        """A generated file whose content is `make(stations, *args)`: made
        by the helper process from the stations it holds (_station_bodies
        sent them) while MkDocs reads the pages, off the build's path (a
        province's stations.json: 2 s, hsds.json: 1.7 s); on_env gives the
        file its content, made here when the helper could not."""
        state = self.state
        network = state.stations
        context = state.station_context
        sent = context is not None and state.station_context_sent is not None
        future = self.background.submit(with_remembered_network, context.build, make, *args) if sent else None
        state.later_files[src_uri] = (future, lambda: make(network, *args))
        return add_generated(files, config, {src_uri: ""}, log, STATIONS)

    def _event_files(self, files: Files, config: MkDocsConfig) -> Files:
        """/events/ (by week), /events/archive/, events.json, the calendars
        (all, per area, per activity) and one page per activity; the upcoming
        activities of each station and of the home page."""
        state = self.state
        events, audiences, now = state.events, state.audiences.names, state.clock.moment
        site_url = config.site_url or "http://localhost/"
        lists = events_pages(events, audiences, now, config.site_url or "") | archive_pages(events, audiences, now)
        state.list_pages |= set(lists)
        generated: dict[str, str | bytes] = {
            **lists,
            "events/events.json": events_json(events, audiences, now, site_url),
            calendar_path(): calendar_file(events.events, events, audiences, site_url, now, f"{config.site_name}：活动", feed=True),
        }
        for area in events.areas:
            chosen = [e for e in events.events if events.places[e.id].area == area]
            generated[calendar_path(area)] = calendar_file(chosen, events, audiences, site_url, now, f"{config.site_name}：{area}活动", feed=True)
        for e in events.events:
            generated[f"events/{e.id}/index.md"] = event_source(events, e, audiences, now)
            generated[f"events/{e.id}/{e.id}.ics"] = calendar_file([e], events, audiences, site_url, now, e.title)
            state.event_pages[f"events/{e.id}/index.md"] = e
        state.station_events_html = {
            station_id: station_events(events, chosen, audiences, now) for station_id, chosen in events.upcoming_by_station(now).items()
        }
        state.home_events_html = home_events(events, audiences, now)
        return add_generated(files, config, generated, log, EVENTS)

    def _audience_files(self, files: Files, config: MkDocsConfig, faq: Any) -> Files:
        """/for/ and /for/<audience>/ (the 「我是……」 pages) and the home
        page's links to them: for each group, what every other file tagged
        for it (audiences/pages.py)."""
        state = self.state
        content = AudienceContent(
            audiences=state.audiences,
            hotlines=state.hotlines,
            stations=state.stations,
            events=state.events,
            pages=list(state.content.pages.values()) if state.content else [],
            questions=list(faq.questions),
            now=state.clock.moment,
        )
        generated = {"for/index.md": audiences_index(content)}
        for audience in state.audiences.groups:
            generated[f"for/{audience.id}/index.md"] = audience_page(content, audience)
        state.home_audiences_html = home_audiences(content)
        return add_generated(files, config, generated, log, AUDIENCES)

    def _open_data(self, files: Files, config: MkDocsConfig) -> Files:
        """/open-data/hsds.json: the stations, their services and the
        hotlines as Open Referral HSDS 3.0 (open_data/hsds.py)."""
        state = self.state
        operator = state.settings.extra.operator
        centre = (
            {"name": operator.name, "email": operator.email or "", "phone": operator.phone.display if operator.phone else "", "sample": operator.sample}
            if operator
            else None
        )
        return self._made_by_helper(
            files, config, HSDS_PATH, hsds_export, state.hotlines, dict(state.audiences.names), config.site_url or "", centre
        )

    def _link_emergency(self, files: Files) -> None:
        """The campaign's link: a page of the site must exist (its URL is used)."""
        emergency = self.state.emergency
        if not emergency or not emergency["link"].endswith(".md"):
            return
        file = files.get_file_from_path(emergency["link"])
        if file is None:
            log.warning(str(missing_page(self.state.emergency_setting, emergency["link"])))
            emergency["link"] = ""
            return
        emergency["link"] = file.url

    def _self_check_files(self, files: Files, config: MkDocsConfig) -> Files:
        """/self-check/ and /self-check/<id>/."""
        questionnaires = self.state.questionnaires
        crisis = crisis_views(self.state.hotlines)
        docs = Path(config.docs_dir)
        generated = {"self-check/index.md": index_page([q for q, _ in questionnaires])}
        for q, _ in questionnaires:
            read_more = [{"title": page_title(docs, page), "path": page} for page in q.read_more]
            generated[f"self-check/{q.id}/index.md"] = questionnaire_page(q, read_more, crisis)
        return add_generated(files, config, generated, log, QUESTIONNAIRES)

    def _content_files(self, files: Files, config: MkDocsConfig) -> Files:
        """Every article, lesson and guide checked against its kind's model
        (content/model.py), and the section indexes. Without usable
        settings (content.yml's mistakes are reported) there are none."""
        state = self.state
        settings = state.content_settings
        if settings is None:
            return files
        # The checks (a review date in the future, overdue reviews) use the
        # real date: they only report, and write nothing into the pages.
        today = state.clock.today
        context = {
            "tags": {t: t for t in settings.tags},
            "age_groups": {a: a for a in settings.age_groups},
            "audiences": state.audiences.names,
            "today": today,
            "docs_dir": Path(config.docs_dir),
        }
        pages: list[CheckedPage] = []
        shown_of: dict[str, str] = {}
        errors = []
        for file in files.documentation_pages():
            if kind_of(file.src_uri) is None:
                continue  # not an article, lesson or guide: don't read it
            shown = f"docs/{file.src_uri}"
            page, page_errors = check_page(file.src_uri, file.content_string, shown, context)
            errors += page_errors
            state.front_matter_reported.add(file.src_uri)
            if page is not None:
                pages.append(page)
                shown_of[file.src_uri] = shown
        errors += lesson_order_errors(pages, shown_of)
        report(errors, log.warning)
        report(overdue_reviews(pages, shown_of, settings.review_every_months, today), log.info)
        lessons = Lessons.of(pages)
        state.content = ContentBuild(settings, {p.src_uri: p for p in pages}, lessons, RelatedPages(pages))
        # The section indexes, cut into pages of a bounded size (content/pages.py).
        generated = (
            articles_pages(pages, settings.tags, context["audiences"])
            | guides_pages(pages, settings.age_groups)
            | lessons_pages(pages, lessons)
        )
        state.list_pages |= set(generated)
        return add_generated(files, config, generated, log, CONTENT)

    # -- Navigation -------------------------------------------------------------

    @event_priority(-100)  # after Material's blog (-50), which adds its archive and category pages here
    def on_nav(self, nav: Any, *, config: MkDocsConfig, files: Files) -> Any:
        with guard("docs/"):
            self._list_neighbours(files)
            self._station_pages_last(files)
        return nav

    def _station_pages_last(self, files: Files) -> None:
        """The station and area pages (tens of thousands on a province's
        site, none in the site search) go to the end of the files, which
        MkDocs builds in order: the search index can then be made while they
        are rendered (on_post_page)."""
        state = self.state
        last = [file for file in files if file.src_uri in state.last_pages]
        for file in last:
            files.remove(file)
            files.append(file)
        state.search_waiting = {file.src_uri for file in files.documentation_pages()} - state.last_pages

    def _list_neighbours(self, files: Files) -> None:
        """The pages of a paginated list (common/pagination.py) outside the
        site navigation, each given its previous and next page: Material
        writes them as <link rel="prev"> and <link rel="next"> (the footer's
        previous/next links are off: navigation.footer)."""
        for src, (previous, following) in neighbours(self.state.list_pages).items():
            page = _page_of(files, src)
            if page is None:
                continue
            page.previous_page = _page_of(files, previous) if previous else None
            page.next_page = _page_of(files, following) if following else None

    # -- Templates --------------------------------------------------------------

    @event_priority(0)  # after Material's tags (100) and blog (0, registered before hooks): our own additions
    def on_env(self, env: Any, *, config: MkDocsConfig, files: Files) -> Any:
        state = self.state
        with guard("docs/" + STATIONS):
            for src_uri, (future, make) in state.later_files.items():
                file = files.get_file_from_path(src_uri)
                content = make() if future is None else result(future, make)
                if file is not None:
                    file.content_string = content
        with guard("docs/"):
            # MkDocs dates each page (the sitemap's <lastmod>, and the mtime inside
            # sitemap.xml.gz) by SOURCE_DATE_EPOCH or the wall clock; give them the
            # build's moment instead, in MkDocs' own format (the UTC date), so a
            # build without the variable gets the same dates as one with it.
            day = state.clock.moment.astimezone(timezone.utc).strftime("%Y-%m-%d")
            for place, file in enumerate(files.documentation_pages()):
                state.page_order[file.src_uri] = place
                if file.page is not None:
                    file.page.update_date = day
            env.globals["mh"] = TemplateData(
                help_bar=state.help_bar,
                emergency=state.emergency,
                content_pages=state.content.pages if state.content else {},
                report_404_html=state.report_404_html,
            )
            self._share_rendering(config, files)
        keep()  # the pages, read and converted: they live to the end of the build (common/memory.py)
        return env

    def _share_rendering(self, config: MkDocsConfig, files: Files) -> None:
        """The station and area pages rendered on two cores (common/render_share.py):
        on a province's site, 20,000 pages and a third of the build. Only
        where it is safe: `mkdocs build` (not `serve`, not `--dirty`), a
        second core, a system that forks safely, MkDocs' `_build_page` as
        in 1.6, and no plugin that sees pages as they are rendered other
        than ours (which takes back what the fork collects), Material's tags
        and blog (which only read). MH_RENDER_SHARE=0 turns it off, =1 on
        whatever the number of pages (the tests); unset, it is on from
        SHARE_FROM pages."""
        setting = os.environ.get(RENDER_SHARE, "")
        if setting not in ("", "0", "1"):
            log.info(f"{RENDER_SHARE}={setting!r}：只认 0（关闭）或 1（开启）；按未设置处理。")
        off = (
            "MH_RENDER_SHARE=0" if setting == "0"
            else f"mkdocs {self.command}" if self.command != "build"
            else "--dirty" if self.dirty
            else "no safe fork on this system" if not can_fork()
            else "one core" if available_cores() < 2
            else None
        )  # fmt: skip
        if off:
            log.debug(f"render share: off: {off}")
            return
        state = self.state
        shared = set()
        for src_uri in state.last_pages:
            file = files.get_file_from_path(src_uri)
            search = file.page.meta.get("search") if file is not None and file.page is not None else None
            # Pages in the site search send their documents to the helper
            # process, which a fork must not use.
            if isinstance(search, dict) and search.get("exclude") is True:
                shared.add(src_uri)
        if len(shared) < (1 if setting == "1" else SHARE_FROM):
            log.debug(f"render share: off: {len(shared)} station and area pages, fewer than {SHARE_FROM}")
            return
        watchers = [
            handler
            for event in ("page_context", "post_page")
            for handler in config.plugins.events.get(event, ())
            if not _renders_alone(handler, self)
        ]
        if watchers:
            log.debug(f"render share: off: {watchers[0]!r} sees each page as it is rendered")
            return
        # The engine's own build module (mkdocs, or properdocs: its config's package).
        module = sys.modules.get(type(config).__module__.split(".")[0] + ".commands.build")
        build_page = getattr(module, "_build_page", None)
        if build_page is None or list(inspect.signature(build_page).parameters) != _BUILD_PAGE_PARAMETERS:
            log.debug("render share: off: this MkDocs has no _build_page as 1.6 has")
            return
        self._share = RenderShare(
            module,
            lambda page: page.file.src_uri in shared,
            collect=lambda: self.state.template_scripts,
            merge=self._merge_template_scripts,
        )
        self._share.install()

    def _merge_template_scripts(self, found: dict[str, tuple[int, str, str]]) -> None:
        """The inline scripts the fork found on its pages, each with the
        first page in build order that has it, as one process would have."""
        scripts = self.state.template_scripts
        for digest, seen in found.items():
            if digest not in scripts or seen < scripts[digest]:
                scripts[digest] = seen

    def _end_share(self) -> None:
        if self._share is not None:
            self._share.close()
            self._share = None

    @event_priority(0)  # only ours
    def on_template_context(self, context: dict, *, template_name: str, config: MkDocsConfig) -> dict:
        with guard("overrides/sw.js"):
            if template_name == OFFLINE_PAGE:
                # Shown at any address, like 404.html: its links start from the site root.
                context["base_url"] = _site_path(config)
        return context

    # -- Pages ------------------------------------------------------------------

    @event_priority(100)  # before Material's tags and blog (-50), which read the page's settings and tags as we leave them
    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        with guard(page=page):
            self._front_matter(page)  # first: every later step and the theme see the text as written
            if page.file.generated_by is None:
                # A written page: its front matter values over several lines,
                # refolded (generated pages write one line per value, the
                # blog's views have no front matter of an editor's).
                try:
                    source = page.file.content_string
                except (OSError, ValueError):
                    source = None  # a source given by a plugin: nothing of the editor's to refold
                if source is not None:
                    refold_front_matter(page.meta, source)
            if page.is_homepage and HOME_MARKER in markdown:
                markdown = markdown.replace(HOME_MARKER, self.state.home_events_html or "", 1)
            if page.is_homepage and HOME_AUDIENCES_MARKER in markdown:
                markdown = markdown.replace(HOME_AUDIENCES_MARKER, self.state.home_audiences_html, 1)
            markdown = self._content_furniture(markdown, page)
            # Last: the help box goes on top of what the steps above added.
            markdown = self._safe_messaging(markdown, page)
        return markdown

    def _front_matter(self, page: Page) -> None:
        """Every page's front matter read as written (common/front_matter.py):
        a key written twice or a YAML error is a message with the line (once:
        not again for a page the content check has reported),
        `title: 1.10` stays "1.10"; the values the theme prints as HTML
        (title, description, author, subtitle) are escaped once, here, for
        all pages: the theme and our templates print them as they are."""
        if page.file.generated_by is None or page.file.generated_by != self.hook_name:
            # Ours write every value as a JSON string (render.front_matter),
            # which YAML 1.1 reads as written: nothing to read again (there
            # may be 20,000 station pages).
            shown = f"docs/{page.file.src_uri}"
            front_matter, errors = read_front_matter(page.file.content_string, shown)
            if page.file.src_uri not in self.state.front_matter_reported:
                report(errors, log.warning)
            if front_matter is not None:
                page.meta.update(as_written(front_matter, page.meta))
        for key in _PRINTED:
            value = page.meta.get(key)
            if value is not None and not isinstance(value, Markup):
                page.meta[key] = Markup(escape(str(value)))

    def _content_furniture(self, markdown: str, page: Page) -> str:
        """An article's, lesson's or guide's header and footer; a lesson
        series' list of lessons."""
        content = self.state.content
        checked = content.pages.get(page.file.src_uri) if content else None
        if checked is None:
            return markdown
        if checked.kind == "series":
            page.meta["template"] = "content-index.html"
            return markdown + "\n\n" + series_list(checked.src_uri, content.lessons)
        if checked.kind == "lesson":
            page.meta["template"] = "content-index.html"
        header = page_header(checked, markdown, content.settings.review_every_months, content.lessons)
        return header + markdown + "\n\n" + page_footer(checked, content.related, content.lessons)

    def _safe_messaging(self, markdown: str, page: Page) -> str:
        """Wording safe-messaging advises against is a warning with its line;
        a page that mentions suicide or self-harm gets the help box (not the
        hotline pages, which are nothing but help)."""
        for line, phrase, advice in unsafe_wording(page.file.content_string):
            log.warning(f"docs/{page.file.src_uri}:{line}: “{phrase}”：{advice}")
        if page.file.src_uri.startswith("hotlines/") or not mentions_suicide(markdown):
            return markdown
        return with_help_box(markdown, help_box(crisis_views(self.state.hotlines)))

    @event_priority(-10)  # after Material's blog (0), which counts a post's reading time on its HTML
    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        state = self.state
        state.pages_read += 1
        if state.pages_read % KEEP_EVERY == 0:
            keep()  # the pages read so far live to the end of the build (common/memory.py)
        with guard(page=page):
            station = state.station_pages.get(page.file.src_uri)
            if station is not None:
                html += self._station_body(station, config)
            event = state.event_pages.get(page.file.src_uri)
            if event is not None:
                page_url = (config.site_url or "/") + f"events/{event.id}/"
                link = state.report.link(event.title, page_url) if state.report else None
                structured = event_structured(
                    state.events, event, state.audiences.names, page_url, self._organizer(config), state.stations.meta.region
                )
                facts = event_facts(state.events, event, state.audiences.names, state.clock.moment, link, structured)
                html = html.replace(FACTS_MARKER, facts, 1)
            if page.file.generated_by is None:
                # An editors' page: its body is Markdown with HTML allowed, as layout.
                for problem in body_problems(html, page.file.content_string):
                    position = f"docs/{page.file.src_uri}:{problem.line}" if problem.line else f"docs/{page.file.src_uri}"
                    log.warning(f"{position}: {problem.message}")
                checked = state.content.pages.get(page.file.src_uri) if state.content else None
                if checked is not None:
                    # After the check of the editor's body: ours, not theirs.
                    # str(): a str plus Markup would escape the str (the whole page).
                    html += str(json_ld(page_structured(checked, (config.site_url or "/") + page.url, state.audiences.names)))
            # Editors' Markdown fields in generated pages (an activity's
            # description, FAQ answers), sanitised after rendering.
            html = sanitize_regions(html)
            # Known hotline numbers in the text, one tap to call (common/tel_links.py).
            # Not on station pages (their numbers are links already, and there
            # may be 20,000) nor the hotline pages: the directory's numbers are
            # its own call buttons, and the print view is laid out for paper.
            if station is None and not page.file.src_uri.startswith("hotlines/"):
                html = link_numbers(html, state.tel_numbers)
            return html

    def _organizer(self, config: MkDocsConfig) -> dict[str, str]:
        """The centre that runs the site, for structured data: the operator's
        name (mkdocs.yml, extra.operator), else the site's author or name."""
        operator = self.state.settings.extra.operator
        name = (operator.name if operator else "") or config.site_author or config.site_name
        return {"name": name, "url": config.site_url} if config.site_url else {"name": name}

    def _station_body(self, station: Station, config: MkDocsConfig) -> str:
        """A station page's body, rendered as HTML rather than through
        Markdown (with tens of thousands of stations, Markdown's HTML
        parsing would dominate the build); made by the helper process
        (_station_bodies), or here when it could not."""
        state = self.state
        context = state.station_context
        assert context is not None
        # Taken once: a batch's bodies are freed when its pages have them.
        future, place = state.station_bodies.pop(station.id, (None, 0))
        batch = None
        # A context the helper could not take (it did not pickle, the helper
        # died) fails every batch: the pages then make their bodies here.
        if future is not None and result(state.station_context_sent, lambda: False) is None:
            batch = result(future, lambda: None)
        return batch[place] if batch is not None else station_page_body(context, station)

    @event_priority(-90)  # after Material's blog has given each post its authors (on_page_markdown), before it renders its views (-100)
    def on_page_context(self, context: dict, *, page: Page, config: MkDocsConfig, nav: Any) -> dict:
        with guard(page=page):
            self._news_post(page, config)
        return context

    def _news_post(self, page: Page, config: MkDocsConfig) -> None:
        """For the news feeds: each post the build publishes (drafts are not),
        as its page shows it (news/feed.py says what and why)."""
        blog = _blog_config(config)
        if blog is None or not page.file.src_uri.startswith(_posts_dir(blog)):
            return
        if page.file.inclusion.is_excluded():  # a draft, shown only by `serve`
            return
        shown = f"docs/{page.file.src_uri}"
        # The date as written: Material's blog rewrites `date: {created, updated}`
        # in page.meta in place (into UTC datetimes), so read the file again.
        source = page.file.content_string
        _, written = get_data(source)
        try:
            created, updated = post_dates(written.get("date"))
        except FeedError as exc:
            # news.model has checked the post; the feed's own rule is a defence.
            front, _ = read_front_matter(source, shown)
            line = front.doc.line_of(tuple(exc.field.split("."))) if front is not None else None
            log.warning(f"{shown}:{line or 1}: {exc}")
            return
        authors = tuple(_text(a.name, shown, "authors") for a in getattr(page, "authors", ()) if getattr(a, "name", ""))
        self.state.news_posts[page.file.src_uri] = NewsPost(
            title=_text(_title(page), shown, "title"),
            url=page.canonical_url or "",
            created=created,
            updated=updated,
            categories=tuple(_text(c, shown, "categories") for c in page.meta.get("categories") or ()),
            authors=authors,
            summary=_text(_summary(page, blog.post_excerpt_separator), shown, "description"),
            sample=page.meta.get("sample") is True,
        )

    @event_priority(-100)  # last: the page as it is written
    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        with guard(page=page):
            if isinstance(page, View):
                # The blog's lists (news, its categories and archive) show the
                # posts' excerpts, which Material renders again from their
                # Markdown after on_page_content: their numbers too.
                output = link_numbers(output, self.state.tel_numbers)
            self._search_document(output, page)
            self._csp_page(output, page)
            state = self.state
            if state.search_waiting and page.file.src_uri in state.search_waiting:
                state.search_waiting.discard(page.file.src_uri)
                if not state.search_waiting:
                    self._start_search_index(config)
        return output

    def _search_document(self, output: str, page: Page) -> None:
        """For every page in the site search, the document Pagefind will
        index (search/index.py). `search: exclude: true` in the front matter
        leaves a page out (station and area pages, the print view, the
        editors' guide, past activities); `search: boost: N` ranks it N times
        higher (the FAQ's)."""
        meta = page.meta.get("search") if page.meta else None
        meta = meta if isinstance(meta, dict) else {}
        if meta.get("exclude"):
            return
        part = content_part(output)
        if part is None:
            return
        try:
            boost = float(meta.get("boost", 1) or 1)
        except (TypeError, ValueError):
            log.warning(f"docs/{page.file.src_uri}: search.boost 应为数字（如 3），现为 {meta.get('boost')!r}；已按 1 处理。")
            boost = 1.0
        state = self.state
        state.search_late |= state.search_run is not None
        state.search_batch.append((page.file.dest_uri, part))
        if len(state.search_batch) >= SEARCH_BATCH:
            self._submit_search_batch()
        # As text: page.title is HTML (a front-matter title escaped once by
        # _front_matter, a heading's text with its entities); search-worker.js
        # escapes what it shows.
        self.state.search_pages[unquote(page.url)] = (html.unescape(str(page.title or "")), boost)

    def _submit_search_batch(self) -> None:
        state = self.state
        if state.search_folder is None:
            state.search_folder = documents_folder()
        batch, state.search_batch = state.search_batch, []
        if batch:
            state.search_batches.append((self.background.submit(write_documents, state.search_folder.name, batch), batch))

    def _start_search_index(self, config: MkDocsConfig) -> None:
        """Pagefind started on every search document written so far
        (_search_index waits for it)."""
        state = self.state
        output = Path(config.site_dir) / SEARCH_OUTPUT
        if output.exists():
            shutil.rmtree(output)
        self._submit_search_batch()  # makes the folder, even with no page to index (Pagefind makes an empty index)
        folder = state.search_folder
        for future, batch in state.search_batches:
            result(future, lambda: write_documents(folder.name, batch))
        try:
            state.search_run = PagefindRun(Path(folder.name), output)
        except SearchIndexError as exc:
            raise PluginError(str(exc)) from None
        state.search_late = False

    def _csp_page(self, output: str, page: Page) -> None:
        """What the templates make of a page. A written page's content is
        the editor's, checked in on_page_content (content/body.py): it is
        left out here (it appears once, as it is, in the page). A generated
        page is our templates' through and through."""
        if page.file.generated_by is None and page.content:
            output = output.replace(page.content, "", 1)
        self._csp_scan(f"docs/{page.file.src_uri}", output, self.state.page_order.get(page.file.src_uri, len(self.state.page_order)))

    @event_priority(0)  # only ours
    def on_post_template(self, output_content: str, *, template_name: str, config: MkDocsConfig) -> str:
        with guard("overrides/"):
            if template_name.endswith(".html"):  # 404.html, offline.html
                self._csp_scan(f"overrides/{template_name}", output_content, -1)  # before every page
        return output_content

    def _csp_scan(self, where: str, html_text: str, order: int) -> None:
        """Every page within the Content-Security-Policy it is served with
        (csp/policy.py): what the templates write into a page that no hash
        can allow (an `onclick=`-style attribute, a `javascript:` address, a
        `<pre class="mermaid">`) is a warning; their inline scripts are
        collected for on_post_build, each with the first page (`order`)
        that has it."""
        found = scan(html_text)
        for problem in found.problems:
            log.warning(f"{where}: 模板生成的页面里有{problem.what}：请在模板里去掉它（overrides/，或 hooks/mhsite/ 各功能的 templates/）。")
        scripts = self.state.template_scripts
        for script in found.scripts:
            if script.hash not in scripts or order < scripts[script.hash][0]:
                scripts[script.hash] = (order, where, script.excerpt)

    # -- After the build ----------------------------------------------------------

    @event_priority(-100)  # last of all plugins: sw.js's version is a hash of every file the build wrote
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        self._end_share()  # MkDocs' loop of pages has ended: the fork's pages are written
        try:
            with guard("docs/"):
                self._search_index(config)
        finally:
            self._end_background()  # nothing is left for it to do
        with guard(CSP_CONFIG):
            self._csp_check(config)
        with guard("docs/news/"):
            self._news_feeds(config)
        with guard("overrides/sw.js"):
            self._offline_worker(config)  # last: its version covers everything above

    def on_build_error(self, *, error: Exception) -> None:
        self._stop_side_work()

    def on_shutdown(self) -> None:
        # Also after an interrupted build (Ctrl-C), which on_build_error does not see.
        self._stop_side_work()
        release()

    def _stop_side_work(self) -> None:
        """The fork, the helper process and a Pagefind run of a build that ended early."""
        self._end_share()
        self._end_background()
        if self._state is not None and self._state.search_run is not None:
            self._state.search_run.stop()
            self._state.search_run = None

    def _search_index(self, config: MkDocsConfig) -> None:
        """Pagefind's index of the collected documents into site/pagefind/,
        search/pages.json (each indexed page's address, title and boost, and
        the index files the worker fetches ahead: search/index.py,
        entry_files) and
        search/search_index.json (the settings Material's page script reads
        for highlighting, no documents). Material's own search engine (lunr
        and its worker, theme files copied with every build) is removed:
        nothing loads it. Same pages in, same bytes out."""
        state = self.state
        site = Path(config.site_dir)
        output = site / SEARCH_OUTPUT
        if state.search_run is not None and state.search_late:
            state.search_run.stop()  # a page came after it started: again, with every page
            state.search_run = None
        if state.search_run is None:
            self._start_search_index(config)
        assert state.search_run is not None and state.search_folder is not None
        with state.search_folder:
            try:
                state.search_run.finish()
                pages = page_list(output, state.search_pages)
                ahead = entry_files(output)
            except SearchIndexError as exc:
                raise PluginError(str(exc)) from None
        state.search_folder = None
        state.search_run = None
        (site / "search").mkdir(exist_ok=True)
        listing = {"pages": pages, "pagefind": ahead}
        (site / SEARCH_PAGES).write_text(json.dumps(listing, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
        settings = {"config": {"lang": ["zh"], "separator": SEARCH_SEPARATOR, "pipeline": [], "fields": {}}, "docs": []}
        (site / SEARCH_SETTINGS).write_text(json.dumps(settings, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
        for unused in [site / "assets/javascripts/lunr", *sorted((site / "assets/javascripts/workers").glob("search.*"))]:
            if unused.is_dir():
                shutil.rmtree(unused)
            elif unused.exists():
                unused.unlink()
        workers = site / "assets/javascripts/workers"
        if workers.is_dir() and not any(workers.iterdir()):
            workers.rmdir()
        log.debug(f"site search: {len(pages)} pages indexed")

    def _csp_check(self, config: MkDocsConfig) -> None:
        """The templates' inline scripts must be the ones whose hashes
        deploy/nginx.conf's policy lists, or the pages would lose 长辈模式 and
        Material's settings behind the real server: a warning says to run
        `./run csp`, which builds with MH_CSP_UPDATE=1 and so writes the
        hashes into deploy/nginx.conf. A project without deploy/nginx.conf (a
        copy that serves its site otherwise) is not compared."""
        path = project_root(config) / CSP_CONFIG
        if not path.is_file():
            log.info(f"{CSP_CONFIG} 不存在：不检查页面的内联脚本是否在内容安全策略里。")
            return
        text = path.read_text(encoding="utf-8")
        try:
            allowed = policy_hashes(nginx_policy(text))
        except PolicyError as exc:
            raise PluginError(f"{CSP_CONFIG}: {exc}") from None
        scripts = self.state.template_scripts
        found = set(scripts)
        if os.environ.get(CSP_UPDATE) == "1":
            if found != allowed:
                path.write_text(with_hashes(text, found), encoding="utf-8")
                log.info(f"{CSP_CONFIG}: script-src 的哈希已更新为页面现在的 {len(found)} 段内联脚本；请把它部署到服务器。")
            return
        for digest in sorted(found - allowed):
            _, where, excerpt = scripts[digest]
            log.warning(
                f"{CSP_CONFIG}: Content-Security-Policy 的 script-src 里没有这段内联脚本的哈希 {digest}"
                f"（{where}: <script>{excerpt}</script>，来自 overrides/ 或 Material 的模板），服务器会拦下它。"
                "开发者改了模板或升级了 Material 时，运行 ./run csp 更新哈希，并把新的 deploy/nginx.conf 部署到服务器。"
            )
        for digest in sorted(allowed - found):
            log.info(f"{CSP_CONFIG}: script-src 的哈希 {digest} 已没有页面用到（./run csp 会去掉它）。")

    def _news_feeds(self, config: MkDocsConfig) -> None:
        """/feed_rss_created.xml and /feed_rss_updated.xml (news/feed.py);
        the page heads link to them (overrides/main.html)."""
        blog = _blog_config(config)
        if blog is None:
            return
        if not config.site_url:
            log.warning("mkdocs.yml: site_url 没有填写：RSS 订阅里的链接必须是完整网址，订阅没有生成。请填写网站的正式地址。")
            return
        site_url = _with_slash(config.site_url)
        title = f"{config.site_name}：{NEWS_NAME}"
        for name, order in FEEDS.items():
            document = rss_feed(
                self.state.news_posts.values(),
                order=order,
                title=title,
                link=f"{site_url}{blog.blog_dir.strip('/')}/",
                description=f"{config.site_name}发布的{NEWS_NAME}" + ("（按更新时间）" if order == "updated" else ""),
                feed_url=site_url + name,
                build_moment=self.state.clock.moment,
                copyright=config.copyright,
            )
            (Path(config.site_dir) / name).write_bytes(document)

    def _offline_worker(self, config: MkDocsConfig) -> None:
        """/sw.js, the offline service worker (offline/worker.py; its code is
        overrides/sw.js), with this build's version and precache list. The
        pages register it with docs/assets/javascripts/site.js (part 4)."""
        site_dir = Path(config.site_dir)
        code = _worker_code(config).read_text(encoding="utf-8")
        try:
            worker = worker_script(site_dir, code, _site_path(config))
        except OfflineError as exc:
            raise PluginError(str(exc)) from None
        for problem in worker.missing:
            log.warning(f"{problem}：页面引用的文件不在网站里，离线时无法使用")
        (site_dir / WORKER).write_text(worker.script, encoding="utf-8")
        log.debug(f"{WORKER}: version {worker.version}, {len(worker.precache)} files saved at install")


# -- Helpers ----------------------------------------------------------------------


def _with_slash(url: str) -> str:
    return url if url.endswith("/") else url + "/"


def _page_of(files: Files, src_uri: str) -> Page | None:
    file = files.get_file_from_path(src_uri)
    return file.page if file is not None else None


def _worker_code(config: MkDocsConfig) -> Path:
    """The offline worker's code: sw.js in the theme's folders (overrides/)."""
    for folder in config.theme.dirs:
        path = Path(folder) / WORKER
        if path.is_file():
            return path
    raise PluginError(f"overrides/{WORKER}: 找不到离线服务脚本的模板")


def _site_path(config: MkDocsConfig) -> str:
    """Where the site is on its host, as MkDocs assumes for 404.html: "/", "/repo/"."""
    return _with_slash(urlsplit(config.site_url or "/").path or "/")


def _blog_config(config: MkDocsConfig) -> Any | None:
    """The blog plugin's settings, or None without the plugin."""
    plugin = config.plugins.get("material/blog")
    return getattr(plugin, "config", None)


def _posts_dir(blog: Any) -> str:
    return blog.post_dir.format(blog=blog.blog_dir).strip("/") + "/"


def _plain(value: object) -> str:
    """The text as written: _front_matter hands the theme these values
    escaped once, as Markup; the feed escapes for XML itself."""
    return value.unescape() if isinstance(value, Markup) else str(value)


def _text(value: object, shown: str, field_name: str) -> str:
    """Plain text for the feed, without control characters (XML 1.0 has no
    place for them; they come from pasting)."""
    text = _plain(value)
    if _CONTROL.search(text):
        log.warning(f"{shown}: {field_name}: 有看不见的控制字符（多半是粘贴带来的），RSS 订阅里已去掉；请在文件里删掉它。")
        text = _CONTROL.sub("", text)
    return text


def _title(page: Page) -> str:
    """The title as the page shows it. Front matter `title` is plain text;
    a title from the heading is HTML text (MkDocs strips the tags but leaves
    entities such as &amp;): unescaped here, once."""
    if "title" in page.meta:
        return _plain(page.meta["title"])
    return html.unescape(page.title or "")


def _summary(page: Page, separator: str) -> str:
    description = page.meta.get("description")
    if isinstance(description, str) and description.strip():
        return " ".join(_plain(description).split())
    content = page.content or ""
    return html_summary(content.split(separator, 1)[0])


def _renders_alone(handler: Any, plugin: SitePlugin) -> bool:
    """A page_context or post_page handler that changes nothing a fork would
    have to give back: ours (the fork gives back what it changes, see
    _share_rendering), Material's tags and blog (which only read)."""
    owner = getattr(handler, "__self__", None)
    if owner is plugin:
        return True
    return type(owner).__module__.startswith(("material.plugins.tags.", "material.plugins.blog."))
