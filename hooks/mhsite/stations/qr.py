"""The QR code on a station's A4 poster (its page's address), as inline SVG.
Made with the page's body (pages.py), by the build's helper process while
MkDocs renders other pages (common/background.py).
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

