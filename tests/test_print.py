"""Printed sheets in Chromium: the hotline handout and a station's poster fit
on one A4 page, with the QR code and without the site navigation."""

from __future__ import annotations

import base64
import re

import pytest

from conftest import ServedSite


def pdf_pages(driver, url: str) -> int:
    from selenium.webdriver.common.print_page_options import PrintOptions

    driver.get(url)
    options = PrintOptions()
    options.page_width, options.page_height = 21.0, 29.7  # A4, in cm
    pdf = base64.b64decode(driver.print_page(options))
    return len(re.findall(rb"/Type\s*/Page[^s]", pdf))


def printed_layout(driver, url: str) -> dict:
    driver.get(url)
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
