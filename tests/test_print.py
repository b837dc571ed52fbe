"""Printed sheets in Chromium: the hotline handout and a station's poster fit
on one A4 page, with the QR code and without the site navigation."""

from __future__ import annotations

import base64
import re

import pytest

from chromium import wait_for_late_scripts
from conftest import ServedSite


def pdf_pages(driver, url: str) -> int:
    from selenium.webdriver.common.print_page_options import PrintOptions

    driver.get(url)
    wait_for_late_scripts(driver)  # content.js marks the links' addresses
    options = PrintOptions()
    options.page_width, options.page_height = 21.0, 29.7  # A4, in cm
    pdf = base64.b64decode(driver.print_page(options))
    return len(re.findall(rb"/Type\s*/Page[^s]", pdf))


def printed_layout(driver, url: str) -> dict:
    driver.get(url)
    wait_for_late_scripts(driver)  # content.js marks the links' addresses
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    return driver.execute_script(
        """
        const shown = sel => { const e = document.querySelector(sel); return !!e && getComputedStyle(e).display !== 'none'; };
        return {qr: shown('.mh-poster-qr svg') || shown('.mh-handout__qr svg'), header: shown('.md-header'),
                tabs: shown('.md-tabs'), footer: shown('.md-footer'), sidebar: shown('.md-sidebar--primary')};
        """
    )


@pytest.mark.parametrize("path", ["hotlines/print/", "stations/xihe-clinic/", "stations/district-centre/"])
def test_sheet_is_one_a4_page_with_qr_and_no_navigation(browser, served_site: ServedSite, path: str) -> None:
    assert pdf_pages(browser, served_site.url + path) == 1
    layout = printed_layout(browser, served_site.url + path)
    assert layout == {"qr": True, "header": False, "tabs": False, "footer": False, "sidebar": False}, layout


# -- Articles, lessons and guides (site.css, content.js) ---------------------

import unicodedata  # noqa: E402  (this part was added after the sheets' tests)

from conftest import crisis_numbers  # noqa: E402
from pdf_text import page_texts  # noqa: E402

CONTENT_PAGES = ["articles/sleep-basics/", "lessons/good-sleep/01-how-sleep-works/", "guides/screen-time/"]


def printed_pdf(driver, url: str) -> bytes:
    from selenium.webdriver.common.print_page_options import PrintOptions

    driver.get(url)
    wait_for_late_scripts(driver)  # content.js marks the links' addresses
    options = PrintOptions()
    options.page_width, options.page_height = 21.0, 29.7  # A4, in cm
    return base64.b64decode(driver.print_page(options))


@pytest.mark.parametrize("path", CONTENT_PAGES)
def test_content_page_prints_without_navigation_with_addresses_and_help_numbers(
    browser, served_site: ServedSite, path: str
) -> None:
    browser.get(served_site.url + path)
    wait_for_late_scripts(browser)  # content.js marks the links' addresses
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    layout = browser.execute_script(
        """
        const shown = sel => Array.from(document.querySelectorAll(sel)).some(e => getComputedStyle(e).display !== 'none' && e.getBoundingClientRect().height > 0);
        const links = Array.from(document.querySelectorAll('.md-content__inner a[href]')).filter(a => !a.closest('.headerlink') && a.getBoundingClientRect().height > 0);
        const internal = links.filter(a => !/^(tel:|#|https?:)/.test(a.getAttribute('href')));
        const article = document.querySelector('.md-content__inner').getBoundingClientRect();
        const bar = document.querySelector('.mh-helpbar').getBoundingClientRect();
        return {header: shown('.md-header'), tabs: shown('.md-tabs'), sidebars: shown('.md-sidebar'), footer: shown('.md-footer'),
                buttons: shown('.md-content button, .mh-content-tools, .mh-lesson-done, .mh-lesson-nav, .md-top'),
                helpbar: shown('.mh-helpbar'), helpbarBelowArticle: bar.top >= article.bottom,
                callBackground: getComputedStyle(document.querySelector('.mh-helpbar .mh-call')).backgroundColor,
                internal: internal.length,
                addresses: internal.map(a => [a.getAttribute('href'), getComputedStyle(a, '::after').content]),
                printHelp: (document.querySelector('style[data-mh-print-help]') || {}).textContent || ''};
        """
    )
    assert not any(layout[k] for k in ("header", "tabs", "sidebars", "footer", "buttons")), layout
    assert layout["helpbar"] and layout["helpbarBelowArticle"], layout
    assert layout["callBackground"] == "rgba(0, 0, 0, 0)"  # numbers as text, not buttons
    assert layout["internal"] > 0
    for href, after in layout["addresses"]:
        # Full address from site_url (mkdocs.yml: https://example.org/), whatever served the page.
        assert re.fullmatch(r'"（https://example\.org/[^"]*）"', after), (href, after)
        assert after.rstrip('/）"').endswith(href.strip("./").rstrip("/")), (href, after)
    for number in crisis_numbers():
        assert number in layout["printHelp"]


@pytest.mark.parametrize("path", CONTENT_PAGES)
def test_every_printed_page_carries_the_help_numbers(browser, served_site: ServedSite, path: str) -> None:
    """Read in the PDF itself: each page's foot has the crisis numbers and a
    page number; the last page ends with the help bar; no menu or button text."""
    pages = page_texts(printed_pdf(browser, served_site.url + path))
    numbers = crisis_numbers()
    assert len(pages) >= 1
    for index, text in enumerate(pages, start=1):
        assert f"{index}/{len(pages)}" in text, (index, text[:200])
        assert "需要帮助请拨打:" in text and all(n in text for n in numbers), (index, text[:200])
        for chrome in ("长辈模式", "朗读全文", "科普文章心理微课亲子指南", "标记为已学完", "回到本系列目录"):
            assert chrome not in text, (index, chrome)
    assert pages[-1].endswith("更多热线(https://example.org/hotlines/)"), pages[-1][-200:]
    title = browser.execute_script("return document.querySelector('.md-content__inner h1').textContent")
    assert unicodedata.normalize("NFKC", re.sub(r"\s+", "", title)) in pages[0]


def test_links_to_other_sites_and_folded_text_print_in_full(browser, served_site: ServedSite) -> None:
    browser.get(served_site.url + CONTENT_PAGES[0])
    wait_for_late_scripts(browser)  # content.js marks the links' addresses
    browser.execute_script(
        """
        const p = document.querySelector('.md-content__inner > p');
        p.insertAdjacentHTML('beforeend', ' <a id="t-out" href="https://www.nhc.gov.cn/">国家卫生健康委员会</a>');
        p.insertAdjacentHTML('afterend', '<details id="t-fold"><summary>文字稿</summary><p id="t-inside">折叠的文字</p></details>');
        """
    )
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    after = browser.execute_script("return getComputedStyle(document.getElementById('t-out'), '::after').content")
    assert after == '"（https://www.nhc.gov.cn/）"'
    # checkVisibility(): false inside a folded <details> (a skipped subtree).
    assert browser.execute_script("return document.getElementById('t-inside').checkVisibility()")
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    assert not browser.execute_script("return document.getElementById('t-inside').checkVisibility()")


def test_other_pages_print_as_before(browser, served_site: ServedSite) -> None:
    """The foot-of-page help line and link addresses are for articles, lessons
    and guides only: the home page and the one-page sheets are unchanged."""
    for path in ["", "hotlines/print/"]:
        browser.get(served_site.url + path)
        wait_for_late_scripts(browser)  # content.js marks the links' addresses
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
        state = browser.execute_script(
            """const a = document.querySelector('.md-content__inner a[href]:not([href^="#"]):not([href^="tel:"])');
               return {banner: getComputedStyle(document.querySelector('.md-banner')).display,
                       after: a ? getComputedStyle(a, '::after').content : 'none',
                       printHelp: !!document.querySelector('style[data-mh-print-help]')};"""
        )
        assert state == {"banner": "none", "after": "none", "printHelp": False}, (path, state)
