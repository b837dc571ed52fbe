"""The page's clock, fixed for a test or a benchmark: what the hotline
directory, the activities and emergency mode show depends on the time of day
in the resident's browser (the site is not rebuilt every hour).

`clock_script(when)` is JavaScript that, run before the page's own scripts,
makes `Date` read `when` at that moment and go on from there (the real clock's
progress added), `new Date(...)` with arguments and `Date.parse`/`Date.UTC`
unchanged. The browser tests give it to Chromium with DevTools
(`Page.addScriptToEvaluateOnNewDocument`, `fake_clock` in
test_hotlines_browser.py); benchmarks/lighthouse.py, which runs Lighthouse's
own Chromium, has its local server put it at the top of each page's <head>
as an inline script and allow its hash in that response's
Content-Security-Policy (`inline_clock`)."""

from __future__ import annotations

import base64
import hashlib
from datetime import datetime


def clock_script(when: datetime) -> str:
    """JavaScript that sets the page's clock to `when` (an aware datetime)."""
    if when.tzinfo is None:
        raise ValueError("clock_script: `when` needs a time zone")
    millis = int(when.timestamp() * 1000)
    # A Proxy, not a subclass: Date() called without `new` still answers a
    # string, and `instanceof Date` and Date.prototype stay the real ones.
    return (
        "(function(){var R=Date,d=" + str(millis) + "-R.now();"
        "Date=new Proxy(R,{"
        "construct:function(t,a,n){return Reflect.construct(t,a.length?a:[R.now()+d],n)},"
        "apply:function(){return new R(R.now()+d).toString()},"
        "get:function(t,k){return k===\"now\"?function(){return R.now()+d}:t[k]}"
        "})})();"
    )


def script_hash(script: str) -> str:
    """The CSP source that allows this inline script: 'sha256-…'."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii") + "'"


def inline_clock(html: bytes, policy: str, when: datetime) -> tuple[bytes, str]:
    """(the page with the clock script first in its <head>, the policy with
    its hash added to script-src). The page is unchanged when it has no
    <head> (a fragment, an error)."""
    script = clock_script(when)
    head = html.find(b"<head>")
    if head < 0:
        return html, policy
    at = head + len(b"<head>")
    html = html[:at] + b"<script>" + script.encode("utf-8") + b"</script>" + html[at:]
    return html, policy.replace("script-src ", f"script-src {script_hash(script)} ", 1)
