"""What the search worker asks Pagefind for (docs/assets/javascripts/
search-worker.js, `plan` and `asTyped`, run in node) against the tokens the
index holds (hooks/mhsite/search/index.py, `tokens`).

A query's Chinese run is asked for as pairs that cover it without
overlapping (睡不着怎么办 -> 睡不 着怎 么办): each pair asked for is one more
index part to fetch, about 30 KB, which on Lighthouse's slow 4G is 0.16 s
(benchmarks/search.py). What must hold, over a few thousand generated texts
and queries:

- recall: every pair asked for is a token of any text that contains the
  query (one character: the start of one), so the page is found;
- order: the pairs' positions in such a text make `asTyped` true, so the
  page ranks with those that contain the query as typed;
- cost: a run of n >= 2 characters is asked for as ceil(n / 2) pairs, not
  the n - 1 overlapping ones.
"""

from __future__ import annotations

import json
import random
import shutil
import subprocess
from pathlib import Path

import pytest

from mhsite.search.index import tokens

ROOT = Path(__file__).resolve().parents[2]
WORKER = ROOT / "docs" / "assets" / "javascripts" / "search-worker.js"
NODE = shutil.which("node")

pytestmark = pytest.mark.skipif(NODE is None, reason="node is not on PATH: the search worker cannot be run")

# The worker is a plain script for a Worker: run it in a context with what a
# worker's global scope gives it, and call its functions.
RUNNER = """
const vm = require("vm");
const fs = require("fs");
const context = {
  self: {location: {href: "https://example.org/assets/javascripts/search-worker.js"}},
  URL, Set, Promise, console,
  addEventListener() {}, postMessage() {},
};
vm.createContext(context);
vm.runInContext(fs.readFileSync(process.argv[1], "utf8"), context);
let input = "";
process.stdin.on("data", (chunk) => { input += chunk; });
process.stdin.on("end", () => {
  const cases = JSON.parse(input);
  const out = cases.map(([query, locations]) => {
    const wanted = context.plan(query);
    return {query: wanted.query, typed: locations === null ? null : context.asTyped(locations, wanted.chains)};
  });
  process.stdout.write(JSON.stringify(out));
});
"""


def run(cases: list[tuple[str, list[int] | None]]) -> list[dict]:
    result = subprocess.run([NODE, "-e", RUNNER, str(WORKER)], input=json.dumps(cases, ensure_ascii=False),
                            capture_output=True, text=True, check=True)
    return json.loads(result.stdout)


def test_what_is_asked_for() -> None:
    cases = ["睡不着怎么办", "睡不着", "电话", "心", "孩子不愿意上学", "PHQ-9 焦虑", "心理咨询收费吗"]
    asked = [answer["query"] for answer in run([(case, None) for case in cases])]
    assert asked == [
        "睡不 着怎 么办",
        "睡不 不着",  # an odd run ends with its last pair
        "电话",
        "心",
        "孩子 不愿 意上 上学",
        "PHQ-9 焦虑",
        "心理 咨询 收费 费吗",
    ]


def test_a_text_that_contains_the_query_is_found_and_ranks_as_typed() -> None:
    rng = random.Random(17)
    alphabet = "心理咨询电话睡不着怎么办孩子上学焦虑"  # few characters: pairs recur, as on real pages
    cases = []
    for _ in range(3000):
        text = "".join(rng.choice(alphabet + " ") for _ in range(rng.randint(8, 40)))
        runs = text.split()
        if not runs:
            continue
        run_ = rng.choice(runs)
        start = rng.randrange(len(run_))
        query = run_[start : start + rng.randint(1, 8)]
        cases.append((text, query))
    plans = run([(query, None) for _, query in cases])
    located = []
    for (text, query), plan in zip(cases, plans):
        terms = plan["query"].split(" ")
        index = tokens(text)
        # Recall: the page holds every pair asked for (Pagefind matches a
        # term against the start of a token: one character finds its pairs).
        assert all(any(token.startswith(term) for token in index) for term in terms), (text, query, terms)
        if len(query) >= 2:
            assert len(terms) == (len(query) + 1) // 2, (query, terms)
        # Pagefind's result.words: where any term asked for stands in the page.
        located.append((query, [i for i, token in enumerate(index) if token.startswith(tuple(terms))]))
    typed = run(located)
    for (text, query), answer in zip(cases, typed):
        assert answer["typed"] is True, (text, query)


def test_a_page_with_the_pairs_apart_is_not_as_typed() -> None:
    # 睡不 着怎 么办 all on the page, never side by side: found (it may be
    # relevant), but ranked after the pages that contain the query.
    text = "睡不好 着怎样 么办"
    terms = run([("睡不着怎么办", None)])[0]["query"].split(" ")
    locations = [i for i, token in enumerate(tokens(text)) if token in terms]
    assert locations, "the test's premise: the page holds some of the pairs"
    assert run([("睡不着怎么办", locations)])[0]["typed"] is False
