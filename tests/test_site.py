"""The site as built: every page, as a resident's browser gets it."""

from __future__ import annotations

import gzip
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urlparse

import yaml

from conftest import ROOT, crisis_numbers, html_pages, mkdocs_build
from html_scan import parse

SECTIONS = {
    "articles/": "科普文章",
    "lessons/": "心理微课",
    "guides/": "亲子指南",
    "hotlines/": "援助热线",
    "stations/": "服务站点",
    "self-check/": "心理自测",
}


def test_sample_data_has_the_national_crisis_lines() -> None:
    assert {"12356", "110", "120"} <= set(crisis_numbers())


def test_every_page_has_the_help_bar_with_tel_links(site_dir: Path) -> None:
    pages = html_pages(site_dir)
    assert len(pages) >= 8
    expected = {f"tel:{n}" for n in crisis_numbers()}
    for path in pages:
        page = parse(path)
        bars = page.find("div", cls="mh-helpbar")
        assert len(bars) == 1, f"{path.relative_to(site_dir)}: help bar missing"
        calls = {a.attrs["href"] for a in page.find("a", cls="mh-call", within="mh-helpbar")}
        assert calls == expected, f"{path.relative_to(site_dir)}: {calls}"
        # Readable by screen readers: a named region, and each link says what it calls.
        assert bars[0].attrs.get("role") == "region" and bars[0].attrs.get("aria-labelledby")
        for link in page.find("a", cls="mh-call", within="mh-helpbar"):
            assert link.attrs["aria-label"].startswith("拨打")
            assert link.attrs["href"].removeprefix("tel:") in link.attrs["aria-label"]
        # Not dismissable: Material's dismiss button is not there.
        assert not page.find("button", cls="md-banner__button"), path
        # And one tap from anywhere after scrolling: the sticky header's help button.
        assert page.find("a", cls="mh-header-help"), path


def test_help_bar_escapes_editor_text(project_copy: Path, tmp_path: Path) -> None:
    data_file = project_copy / "docs/_data/hotlines.yml"
    text = data_file.read_text(encoding="utf-8")
    # A label is at most 8 characters (it is on every page): a short payload.
    text = text.replace("label: 心理援助", 'label: "<s>援</s>"', 1)
    data_file.write_text(text, encoding="utf-8")
    result = mkdocs_build(project_copy, tmp_path / "site")
    assert result.returncode == 0, result.output
    page = parse(tmp_path / "site/index.html")
    assert "<s>" not in page.html and not page.find("s")
    assert "<s>援</s>" in page.text  # as text


# Elements that make the browser load something, and the attribute that says what.
_LOADING = {
    "script": ["src"],
    "img": ["src", "srcset"],
    "iframe": ["src"],
    "frame": ["src"],
    "source": ["src", "srcset"],
    "audio": ["src"],
    "video": ["src", "poster"],
    "track": ["src"],
    "embed": ["src"],
    "object": ["data"],
    "input": ["src"],
    "image": ["href", "xlink:href"],
    "use": ["href", "xlink:href"],
}
_LOADING_LINK_RELS = {"stylesheet", "icon", "apple-touch-icon", "preload", "modulepreload", "prefetch", "preconnect", "dns-prefetch", "manifest", "mask-icon"}
_CSS_URL = re.compile(r"""url\(\s*['"]?([^'")\s]+)|@import\s+['"]([^'"]+)""")


def _is_foreign(url: str) -> bool:
    url = url.strip()
    if url.startswith("//"):
        return True
    parsed = urlparse(url)
    return parsed.scheme not in ("", "data", "blob") or bool(parsed.netloc)


def foreign_resources(site: Path) -> list[str]:
    found = []
    for path in html_pages(site):
        page = parse(path)
        for element in page.elements:
            urls = [element.attrs[a] for a in _LOADING.get(element.tag, []) if a in element.attrs]
            if element.tag == "link" and set(element.attrs.get("rel", "").split()) & _LOADING_LINK_RELS:
                urls.append(element.attrs.get("href", ""))
            urls += [m.group(1) or m.group(2) for m in _CSS_URL.finditer(element.attrs.get("style", ""))]
            for url in urls:
                for candidate in url.split(","):
                    candidate = candidate.strip().split(" ")[0]
                    if candidate and _is_foreign(candidate):
                        found.append(f"{path.relative_to(site)}: <{element.tag}> {candidate}")
        for match in _CSS_URL.finditer("".join(re.findall(r"<style[^>]*>(.*?)</style>", page.html, re.S))):
            url = match.group(1) or match.group(2)
            if _is_foreign(url):
                found.append(f"{path.relative_to(site)}: <style> {url}")
    for css in site.rglob("*.css"):
        for match in _CSS_URL.finditer(css.read_text(encoding="utf-8", errors="replace")):
            url = match.group(1) or match.group(2)
            if _is_foreign(url):
                found.append(f"{css.relative_to(site)}: {url}")
    return found


def test_no_page_loads_anything_from_another_host(site_dir: Path) -> None:
    assert foreign_resources(site_dir) == []


def test_the_foreign_resource_scan_catches_what_it_should(tmp_path: Path) -> None:
    # The scan above must be able to fail: feed it a page with each kind.
    (tmp_path / "index.html").write_text(
        """<html><head><link rel="stylesheet" href="https://fonts.googleapis.com/css">
        <script src="//cdn.jsdelivr.net/x.js"></script><style>@import "https://x.test/a.css";</style></head>
        <body><img srcset="a.png 1x, https://x.test/b.png 2x"><div style="background:url(http://x.test/c.png)"></div>
        <iframe src="https://map.test/"></iframe><a href="https://beian.miit.gov.cn/">fine: a link</a>
        <img src="data:image/png;base64,AAAA"><script src="assets/local.js"></script></body></html>""",
        encoding="utf-8",
    )
    (tmp_path / "a.css").write_text("body{background:url('https://x.test/d.png')}", encoding="utf-8")
    found = foreign_resources(tmp_path)
    assert len(found) == 7, found


def test_section_pages_at_stable_urls_in_the_tabs(site_dir: Path) -> None:
    home = parse(site_dir / "index.html")
    tab_links = {a.attrs["href"]: a.text.strip() for a in home.find("a", cls="md-tabs__link")}
    for url, title in SECTIONS.items():
        assert (site_dir / url / "index.html").is_file(), url
        assert tab_links.get(url) == title, tab_links


def test_pages_are_chinese_with_description_and_share_meta(site_dir: Path) -> None:
    for path in html_pages(site_dir):
        page = parse(path)
        html_tag = page.find("html")[0]
        assert html_tag.attrs["lang"] == "zh", path
        description = page.meta("description")
        assert description and len(description) >= 10, path
        assert page.meta("og:title") and page.meta("og:description") == description, path
        assert page.meta("og:locale") == "zh_CN"
        assert page.find("link", rel="icon"), path
        assert page.meta("viewport"), path


def test_home_page_says_what_this_is_and_where_help_is(site_dir: Path) -> None:
    page = parse(site_dir / "index.html")
    h1 = page.find("h1")
    assert len(h1) == 1
    links = {a.attrs.get("href") for a in page.find("a", cls="mh-action")}
    assert {"hotlines/", "stations/", "self-check/"} <= links
    assert "tel:110" in {a.attrs.get("href") for a in page.find("a")}


def test_404_page_is_chinese_and_has_help(site_dir: Path) -> None:
    page = parse(site_dir / "404.html")
    assert "找不到这个页面" in page.text
    assert page.find("div", cls="mh-helpbar")
    hrefs = {a.attrs.get("href") for a in page.find("a")}
    # 404.html is served at any depth, so its links are absolute to the site.
    assert any(h and h.endswith("hotlines/") for h in hrefs)


def test_sitemap_lists_every_section(site_dir: Path) -> None:
    tree = ET.parse(site_dir / "sitemap.xml")
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locations = {loc.text for loc in tree.getroot().findall("s:url/s:loc", ns)}
    site_url = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8").split("\ntheme:")[0])["site_url"]
    for url in ["", *SECTIONS]:
        assert site_url + url in locations
    with gzip.open(site_dir / "sitemap.xml.gz") as fh:
        assert fh.read() == (site_dir / "sitemap.xml").read_bytes()


def test_data_files_are_not_published(site_dir: Path) -> None:
    assert not (site_dir / "_data").exists()


def test_footer_shows_operator_and_icp_only_when_set(site_dir: Path, project_copy: Path, tmp_path: Path) -> None:
    page = parse(site_dir / "index.html")
    assert "主办：" in page.text
    assert not page.find("p", cls="mh-footer__beian"), "empty ICP setting must hide the line"

    config = project_copy / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace('icp: ""', 'icp: "浙ICP备00000000号-1"'), encoding="utf-8"
    )
    result = mkdocs_build(project_copy, tmp_path / "site")
    assert result.returncode == 0, result.output
    page = parse(tmp_path / "site/index.html")
    beian = [a for a in page.find("a") if a.attrs.get("href") == "https://beian.miit.gov.cn/"]
    assert beian and beian[0].text.strip() == "浙ICP备00000000号-1"


def test_logo_and_favicon_are_our_own_svg(site_dir: Path) -> None:
    for name in ("logo.svg", "favicon.svg"):
        svg = (site_dir / "assets/images" / name).read_text(encoding="utf-8")
        assert svg.lstrip().startswith("<svg") and "Original drawing for this project" in svg


def test_two_builds_are_identical(site_dir: Path, tmp_path: Path) -> None:
    again = mkdocs_build(ROOT, tmp_path / "again")
    assert again.returncode == 0, again.output
    first = {p.relative_to(site_dir): p.read_bytes() for p in site_dir.rglob("*") if p.is_file()}
    second = {p.relative_to(again.site): p.read_bytes() for p in again.site.rglob("*") if p.is_file()}
    assert first.keys() == second.keys()
    differing = sorted(str(k) for k in first if first[k] != second[k])
    assert differing == []
