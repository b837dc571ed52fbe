"""The Content-Security-Policy's side of a page (hooks/csp.py): the hash a
browser computes for an inline script, which scripts and attributes a
hash-only policy governs, and the policy read from and written into an
nginx config."""

from __future__ import annotations

import pytest

from mhsite.content.body import source_line
from mhsite.csp.policy import PolicyError, nginx_policy, policy_hashes, scan, script_hash, with_hashes


def test_the_hash_is_the_one_the_csp_specification_gives() -> None:
    # CSP Level 2 (W3C, 2016), §4.2.4 "Valid Hashes for Scripts", its example:
    # <script>alert('Hello, world.');</script> is allowed by this source.
    assert script_hash("alert('Hello, world.');") == "'sha256-qznLcsROx4GACP2dm0UCKCzCG+HiZ1guq6ZZDob/Tng='"
    # HTML parsers turn CR LF and CR into LF before the script exists: same hash.
    assert script_hash("a();\r\nb();\rc();") == script_hash("a();\nb();\nc();")
    assert script_hash(" a();") != script_hash("a();")  # every character counts


def test_which_scripts_the_policy_governs() -> None:
    html = """<html><head>
<script>one();</script>
<script type="text/javascript">two();</script>
<script type="module">three();</script>
<script src="four.js"></script>
<script type="application/json" id="data">{"not": "run"}</script>
<script type="application/ld+json">{"@type": "FAQPage"}</script>
</head><body><script>
five("<b>");
</script></body></html>"""
    found = scan(html)
    assert [s.text for s in found.scripts] == ["one();", "two();", "three();", '\nfive("<b>");\n']
    assert [s.line for s in found.scripts] == [2, 3, 4, 8]
    assert found.scripts[3].excerpt == 'five("<b>");'
    assert found.problems == []


def test_what_no_hash_can_allow_and_what_loads_from_another_host() -> None:
    html = """<p onclick="go()">x</p>
<a href=" JavaScript:alert(1)">y</a>
<form action="javascript:void(0)"></form>
<pre class="mermaid">graph TD; A-->B</pre>
<pre class="language-mermaid">fine: a code block</pre>
<a href="/javascript/">fine: a path</a>"""
    problems = scan(html).problems
    assert [(p.line, p.needle) for p in problems] == [(1, "onclick="), (2, "javascript:"), (3, "javascript:"), (4, "mermaid")]


def test_the_policy_in_an_nginx_config() -> None:
    conf = """server {
    # add_header Content-Security-Policy "default-src *" always;  (a comment: not it)
    add_header Content-Security-Policy "default-src 'self'; script-src 'self' 'sha256-AAA=' 'wasm-unsafe-eval'; object-src 'none'" always;
}"""
    policy = nginx_policy(conf)
    assert policy.startswith("default-src 'self'; script-src")
    assert policy_hashes(policy) == {"'sha256-AAA='"}
    # Without script-src, scripts follow default-src.
    assert policy_hashes("default-src 'self' 'sha256-BBB='") == {"'sha256-BBB='"}

    updated = with_hashes(conf, {"'sha256-CCC='", "'sha256-BBB='"})
    assert nginx_policy(updated) == (
        "default-src 'self'; script-src 'self' 'sha256-BBB=' 'sha256-CCC=' 'wasm-unsafe-eval'; object-src 'none'"
    )
    # The rest of the file is untouched.
    assert updated.replace(nginx_policy(updated), policy) == conf

    with pytest.raises(PolicyError):
        nginx_policy("server { }")
    with pytest.raises(PolicyError):
        with_hashes('add_header Content-Security-Policy "default-src \'self\'" always;', set())


def test_a_message_points_at_the_line_in_the_editors_file() -> None:
    source = "---\ntitle: x\n---\n\n正文\n\n<SCRIPT>alert(1)</SCRIPT>\n"
    assert source_line(source, "<script") == 7
    assert source_line(source, "onclick=") is None
    assert source_line(source + "\n<script>b()</script>\n", "<script", 2) == 9


@pytest.mark.parametrize("html", [
    '<p ONCLICK="go()">x</p>',
    '<p\nonmouseover = "go()">x</p>',
    "<img src=x onerror='go()'>",
    '<a href="JAVASCRIPT:go()">x</a>',
    '<pre class="code mermaid">graph</pre>',
])
def test_each_problem_alone_is_found(html: str) -> None:
    # Most pages are not parsed for problems at all (a quick look first):
    # that look must not miss one standing alone.
    assert len(scan(html).problems) == 1, html
