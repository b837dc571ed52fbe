"""The 「我是……」 pages: /for/ (every group, one tap each) and /for/<code>/,
which gather for one group what every data file and page is tagged for it:

1. the hotlines: the crisis lines first (the same as every page's help
   bar), then the lines whose `audience` names the group;
2. the services for the group (stations.yml's services with an `audience`)
   and the stations that offer each;
3. the next activities for it (not cancelled; site.js hides what ends
   after the build);
4. the articles, lessons and guides, and the FAQ answers, tagged for it.

Generated at every build, never written by hand; a plain page without
JavaScript. Links are Markdown links between source files, so MkDocs
checks every one. Nothing here imports MkDocs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import quote

from markupsafe import Markup

from mhsite.audiences.model import Audience, AudienceList
from mhsite.common.render import render
from mhsite.content.model import CheckedPage
from mhsite.content.pages import newest_first
from mhsite.events.model import EventList
from mhsite.events.pages import event_list
from mhsite.faq.model import Question
from mhsite.hotlines.model import HotlineDirectory
from mhsite.hotlines.pages import hotline_view
from mhsite.stations.model import StationNetwork

# How many stations a service lists by name; beyond, the locator lists
# them all (filtered by the service: stations/?service=<code>).
STATIONS_SHOWN = 8
# How many upcoming activities a group's page lists (more: /events/).
EVENTS_SHOWN = 5
# The kinds of content page, in the order the page lists them.
KINDS = (("article", "科普文章"), ("lesson", "心理微课"), ("guide", "亲子指南"))
# How many articles, lessons and guides of each kind a group's page lists;
# the rest are one link away (ALL_PAGES: the paginated list of the group's
# articles, the lessons and the guides indexes).
PAGES_SHOWN = 6
ALL_PAGES = {"article": "articles/for/{code}/", "lesson": "lessons/", "guide": "guides/"}
# A group's page is for/<code>/index.md: the site's root from there.
ROOT = "../../"


@dataclass(frozen=True)
class AudienceContent:
    """Everything a build has that can be tagged for an audience."""

    audiences: AudienceList
    hotlines: HotlineDirectory
    stations: StationNetwork
    events: EventList
    pages: Sequence[CheckedPage]  # articles, lessons, series, guides
    questions: Sequence[Question]  # the FAQ's valid answers
    now: datetime  # the build's moment: which activities are upcoming

    def hotlines_for(self, code: str) -> list[Any]:
        """The crisis lines (help bar order), then the lines for `code`."""
        directory = self.hotlines
        crisis = list(directory.crisis_lines)
        tagged = [h for h in directory.hotlines if code in h.audience and h not in crisis]
        return [hotline_view(h, dict(directory.audiences), directory.is_sample(h)) for h in crisis + tagged]

    def services_for(self, code: str) -> list[dict[str, Any]]:
        """Each service for `code`, with the stations offering it (file order)."""
        network = self.stations
        out = []
        for service, audiences in network.service_audiences.items():
            if code not in audiences:
                continue
            offering = [s for s in network.stations if service in s.services]
            out.append(
                {
                    "code": service,
                    "name": network.services.get(service, service),
                    "count": len(offering),
                    "stations": [
                        {
                            "name": s.name,
                            "area": s.area,
                            "href": f"{ROOT}stations/{s.id}/index.md",
                            "sample": network.is_sample(s) and not network.all_sample,
                        }
                        for s in offering[:STATIONS_SHOWN]
                    ],
                    "all": f"{ROOT}stations/?service={quote(service)}",
                }
            )
        return out

    def events_for(self, code: str) -> list[Any]:
        """The next activities for `code` that still take place."""
        return [e for e in self.events.upcoming(self.now) if code in e.audience and e.status != "cancelled"]

    def pages_for(self, code: str) -> list[dict[str, Any]]:
        """Articles, lessons (and series) and guides tagged for `code`, by
        kind: [{"label", "count", "items": the PAGES_SHOWN first (articles
        and guides newest reviewed first, lessons in series order), "all":
        the list with every one of them, when some are left out}]. Bounded
        so that a group's page stays small however much content grows."""
        groups = []
        for kind, label in KINDS:
            kinds = ("lesson", "series") if kind == "lesson" else (kind,)
            chosen = [p for p in self.pages if p.kind in kinds and code in p.meta.audience]
            chosen = sorted(chosen, key=lambda p: p.src_uri) if kind == "lesson" else newest_first(chosen)
            if not chosen:
                continue
            shown = chosen[:PAGES_SHOWN]
            groups.append(
                {
                    "kind": kind,
                    "label": label,
                    "count": len(chosen),
                    "items": [{"title": p.meta.title, "description": p.meta.description, "href": ROOT + p.src_uri} for p in shown],
                    "all": (ROOT + ALL_PAGES[kind].format(code=code)) if len(chosen) > len(shown) else None,
                }
            )
        return groups

    def questions_for(self, code: str) -> list[Question]:
        return [q for q in self.questions if code in q.audience]

    def counts(self, code: str) -> dict[str, int]:
        """How much a group's page lists, by section (the /for/ index, tests)."""
        return {
            "hotlines": len(self.hotlines_for(code)),
            "services": len(self.services_for(code)),
            "events": len(self.events_for(code)[:EVENTS_SHOWN]),
            "pages": sum(len(g["items"]) for g in self.pages_for(code)),
            "questions": len(self.questions_for(code)),
        }


def audience_page(content: AudienceContent, audience: Audience) -> str:
    """The Markdown source of /for/<code>/."""
    code = audience.id
    events = content.events_for(code)[:EVENTS_SHOWN]
    names = content.audiences.names
    return render(
        "audience.html",
        a=audience,
        hotlines=content.hotlines_for(code),
        services=content.services_for(code),
        # Our own template's output (events/templates/_event-list.html), escaped there.
        events_html=Markup(event_list(content.events, events, names, content.now, ROOT, "近期活动", more=True)) if events else "",
        pages=content.pages_for(code),
        questions=content.questions_for(code),
        others=[a for a in content.audiences.groups if a.id != code],
    )


def audiences_index(content: AudienceContent) -> str:
    """The Markdown source of /for/: every group, one tap each."""
    everyone = next((a for a in content.audiences.audiences if a.everyone), None)
    return render("audiences.html", groups=content.audiences.groups, everyone=everyone)


def home_audiences(content: AudienceContent) -> str:
    """The home page's 「我是……」 links (docs/index.md's marker line)."""
    return render("_home-audiences.html", groups=content.audiences.groups)
