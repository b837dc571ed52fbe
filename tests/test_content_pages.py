"""Articles, lessons, guides and the FAQ as built: generated index pages, the
furniture on every page, related links, media with transcripts, lesson
progress in the browser. (The FAQ found by the site search: test_search_browser.py.)"""

from __future__ import annotations

import json
import posixpath
import re
import struct
import wave
from pathlib import Path
from urllib.parse import unquote

import pytest
import yaml

from conftest import ROOT, ServedSite, mkdocs_build
from html_scan import parse


def front_matter(path: Path) -> dict:
    meta = yaml.safe_load(path.read_text(encoding="utf-8").split("---")[1])
    return {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in meta.items()}


def pages(pattern: str) -> dict[str, dict]:
    return {p.stem: front_matter(p) for p in sorted((ROOT / "docs").glob(pattern)) if p.name != "index.md"}


def hrefs(page) -> list[str]:
    return [a.attrs.get("href", "") for a in page.find("a")]


def test_sample_content_counts() -> None:
    assert len(pages("articles/*.md")) >= 12
    assert len(pages("guides/*.md")) >= 8
    series = [p for p in (ROOT / "docs/lessons").iterdir() if p.is_dir()]
    assert len(series) >= 2 and all(len(list(s.glob("0*.md"))) >= 5 for s in series)
    faq = yaml.safe_load((ROOT / "docs/_data/faq.yml").read_text(encoding="utf-8"))
    assert len(faq["questions"]) >= 40


def test_articles_index_lists_every_article_newest_first(site_dir: Path) -> None:
    page = parse(site_dir / "articles/index.html")
    articles = pages("articles/*.md")
    newest = page.html[page.html.index('id="newest"') : page.html.index("</article>")]
    order = re.findall(r'href="([a-z0-9-]+)/"', newest)
    assert sorted(order) == sorted(articles)
    dates = [articles[slug]["reviewed"] for slug in order]
    assert dates == sorted(dates, reverse=True)
    # Each topic and each audience has its own list (tests/test_pagination.py), linked here.
    by_topic = page.html[page.html.index('id="by-topic"') : page.html.index('id="by-audience"')]
    topics = {unquote(h).removeprefix("tags/").rstrip("/") for h in re.findall(r'href="(tags/[^"]+)"', by_topic)}
    assert topics == {tag for a in articles.values() for tag in a["tags"]}
    by_audience = page.html[page.html.index('id="by-audience"') : page.html.index('id="newest"')]
    assert {"for/public/", "for/parents/"} <= set(re.findall(r'href="(for/[a-z]+/)"', by_audience))
    assert ">家长<" in by_audience


def test_guides_index_covers_every_age_group(site_dir: Path) -> None:
    page = parse(site_dir / "guides/index.html")
    by_age = page.html[page.html.index('id="by-age"') : page.html.index('id="by-topic"')]
    for age in ("0-3", "3-6", "6-12", "12-15", "15-18"):
        section = by_age.split(f">{age} 岁")[1].split("<h3")[0]
        assert re.search(r'href="[a-z0-9-]+/"', section), f"no guide for {age}"
    assert 'href="morning-dawdling/"' in by_age


def test_lessons_index_and_series_page(site_dir: Path) -> None:
    index = parse(site_dir / "lessons/index.html")
    for series in ("emotions-101", "good-sleep"):
        lessons = pages(f"lessons/{series}/0*.md")
        total = sum(int(m["minutes"]) for m in lessons.values())
        assert f"共 {len(lessons)} 课，合计约 {total} 分钟" in index.text
        assert f"{series}/" in hrefs(index)
        page = parse(site_dir / f"lessons/{series}/index.html")
        listed = [h for h in hrefs(page) if re.fullmatch(r"\.\./\d\d-[a-z0-9-]+/|\d\d-[a-z0-9-]+/", h)]
        assert [h.strip("./").rstrip("/") for h in listed][: len(lessons)] == sorted(lessons)


def test_article_page_shows_who_reviewed_it_and_when(site_dir: Path) -> None:
    meta = pages("articles/*.md")["sleep-basics"]
    page = parse(site_dir / "articles/sleep-basics/index.html")
    info = page.find("div", cls="mh-pageinfo")[0].text
    assert meta["author"] in info and meta["reviewer"] in info
    assert f"最后审核：{meta['reviewed']}" in info and "下次审核：2028-11-01" in info
    assert re.search(r"阅读约 \d+ 分钟", info)
    assert "示例内容，尚未经专业人员审核" in info
    # Material's tags plugin shows the page's tags.
    assert [t.text.strip() for t in page.find(cls="md-tag")] == meta["tags"]
    sources = page.html.split('id="sources"')[1].split("<h2")[0]
    for source in yaml.safe_load((ROOT / "docs/articles/sleep-basics.md").read_text(encoding="utf-8").split("---")[1])["sources"]:
        assert source.split(".")[0] in sources


def test_related_content_shares_a_tag(site_dir: Path) -> None:
    by_url = {
        str(p.relative_to(ROOT / "docs").with_suffix("")) + "/": front_matter(p)
        for p in (ROOT / "docs").glob("*/**/*.md")
        if p.name != "index.md" and p.parts[-2] != "_data"
    }
    page = parse(site_dir / "articles/sleep-basics/index.html")
    related = page.html.split('id="related"')[1].split("</ul>")[0]
    links = re.findall(r'href="((?:\.\./)+[a-z0-9/-]+/)"', related)
    assert 1 <= len(links) <= 3
    mine = set(by_url["articles/sleep-basics/"]["tags"])
    for href in links:
        # Relative to /articles/sleep-basics/.
        target = posixpath.normpath(posixpath.join("articles/sleep-basics/", href)) + "/"
        assert mine & set(by_url[target]["tags"]), href


def test_lesson_page_progress_objectives_and_neighbours(site_dir: Path) -> None:
    page = parse(site_dir / "lessons/good-sleep/03-cant-fall-asleep/index.html")
    assert "第 3 课，共 5 课" in page.text
    meta = pages("lessons/good-sleep/0*.md")["03-cant-fall-asleep"]
    assert f"学习约 {meta['minutes']} 分钟" in page.text
    for objective in meta["objectives"]:
        assert objective in page.text
    links = hrefs(page)
    assert "../02-habits-and-bedroom/" in links and "../04-worry-at-night/" in links and "../" in links
    first = parse(site_dir / "lessons/good-sleep/01-how-sleep-works/index.html")
    assert "上一课" not in first.text and "下一课" in first.text


def test_faq_page_anchors_and_structured_data(site_dir: Path) -> None:
    faq = yaml.safe_load((ROOT / "docs/_data/faq.yml").read_text(encoding="utf-8"))
    page = parse(site_dir / "faq/index.html")
    ids = {h.attrs.get("id") for h in page.find("h3")}
    assert {q["id"] for q in faq["questions"]} <= ids
    script = re.search(r'<script type="application/ld\+json">(.*?)</script>', page.html, re.S).group(1)
    data = json.loads(script)
    assert data["@type"] == "FAQPage" and len(data["mainEntity"]) == len(faq["questions"])
    assert all(q["acceptedAnswer"]["text"] and "](" not in q["acceptedAnswer"]["text"] for q in data["mainEntity"])
    assert "faq/" in hrefs(parse(site_dir / "index.html"))


def test_media_needs_a_transcript_and_a_real_file(project_copy: Path, tmp_path: Path) -> None:
    audio = project_copy / "docs/lessons/good-sleep/breathing.wav"
    with wave.open(str(audio), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(8000)
        out.writeframes(struct.pack("<800h", *([0] * 800)))
    lesson = project_copy / "docs/lessons/good-sleep/01-how-sleep-works.md"
    text = lesson.read_text(encoding="utf-8")
    media = "media:\n  - file: lessons/good-sleep/breathing.wav\n    title: 跟读练习\n    transcript: 跟着我慢慢吸气，一、二、三、四，再慢慢呼气，一、二、三、四、五、六。\n"
    lesson.write_text(text.replace("order: 1\n", "order: 1\n" + media, 1), encoding="utf-8")
    result = mkdocs_build(project_copy, tmp_path / "site")
    assert result.returncode == 0, result.output
    page = parse(tmp_path / "site/lessons/good-sleep/01-how-sleep-works/index.html")
    assert [a.attrs["src"] for a in page.find("audio")] == ["../breathing.wav"]
    assert (tmp_path / "site/lessons/good-sleep/breathing.wav").is_file()
    assert "跟着我慢慢吸气" in page.text

    lesson.write_text(text.replace("order: 1\n", "order: 1\n" + media.replace("breathing.wav", "missing.wav").replace("    transcript: 跟着我慢慢吸气，一、二、三、四，再慢慢呼气，一、二、三、四、五、六。\n", ""), 1), encoding="utf-8")
    result = mkdocs_build(project_copy, tmp_path / "site2")
    assert result.returncode != 0
    assert "media.0.file" in result.output or "media[0].file" in result.output
    assert "missing.wav 不存在" in result.output and "transcript: 缺少必填字段" in result.output


# -- In the browser ------------------------------------------------------------------


def test_lesson_progress_is_kept_on_the_phone(browser, served_site: ServedSite) -> None:
    from selenium.webdriver.common.by import By

    browser.get(served_site.url + "lessons/emotions-101/02-naming-feelings/")
    button = browser.find_element(By.CSS_SELECTOR, "[data-lesson-toggle]")
    assert button.get_attribute("aria-pressed") == "false"
    button.click()
    assert button.get_attribute("aria-pressed") == "true" and "已学完" in button.text
    assert browser.find_element(By.CSS_SELECTOR, ".mh-lesson-progress .mh-done-mark").is_displayed()

    browser.get(served_site.url + "lessons/emotions-101/")
    marks = browser.find_elements(By.CSS_SELECTOR, "[data-lesson-mark]")
    shown = [m.get_attribute("data-lesson-mark") for m in marks if m.is_displayed()]
    assert shown == ["lessons/emotions-101/02-naming-feelings"]
    assert browser.find_element(By.CSS_SELECTOR, "[data-series-progress]").text == "您已学完 1 课，共 5 课。"

    browser.get(served_site.url + "lessons/")
    progress = {e.get_attribute("data-series-progress").split("/")[1]: e.text for e in browser.find_elements(By.CSS_SELECTOR, "[data-series-progress]")}
    assert progress["emotions-101"] == "您已学完 1 课，共 5 课。" and progress["good-sleep"] == "还没有开始学习。"

    browser.get(served_site.url + "lessons/emotions-101/02-naming-feelings/")
    browser.find_element(By.CSS_SELECTOR, "[data-lesson-toggle]").click()
    browser.get(served_site.url + "lessons/emotions-101/")
    assert browser.find_element(By.CSS_SELECTOR, "[data-series-progress]").text == "还没有开始学习。"
