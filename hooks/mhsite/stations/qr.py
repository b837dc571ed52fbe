"""The QR code on a station's A4 poster (its page's address), as inline SVG.
Only segno here: the build's helper process (common/background.py) imports
this module to make the codes while MkDocs renders other pages.
"""

from __future__ import annotations

import segno


def qr_svg(page_url: str) -> str:
    """The poster's QR code for `page_url`: SVG markup, 4 px a module, black
    on white, titled with the address (what a screen reader says)."""
    # A fixed mask pattern: trying all eight and scoring each was most of the
    # cost of a code (about a minute for 20,000 stations). Any mask is valid;
    # 7 is the one segno picked for most station addresses, and 20,000 such
    # codes decode with it (checked with zxing-cpp).
    qr = segno.make_qr(page_url, error="m", mask=7)
    return qr.svg_inline(scale=4, dark="#000000", light="#ffffff", title=f"扫码打开：{page_url}")


def qr_svgs(page_urls: list[str]) -> list[str]:
    """`qr_svg` of each address, in order (one task for the helper process)."""
    return [qr_svg(url) for url in page_urls]
