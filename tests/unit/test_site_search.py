"""The site search's text (hooks/mhsite/search/index.py) and the worker's
side of it (docs/assets/javascripts/search-worker.js, run in node): a query
is turned into as few of the character pairs the index holds as cover it,
and the index's tokens are put back into the text a resident reads."""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from mhsite.search.index import index_document, tokens

ROOT = Path(__file__).resolve().parents[2]
WORKER = ROOT / "docs" / "assets" / "javascripts" / "search-worker.js"
NODE = shutil.which("node")
needs_node = pytest.mark.skipif(NODE is None, reason="node is not on PATH: the worker script cannot be run")


def test_chinese_runs_become_overlapping_pairs_one_per_character() -> None:
    # Lucene's CJKAnalyzer tokenisation: 打电话 holds 电话, so 电话 finds it.
    assert tokens("请打电话") == ["请打", "打电", "电话", "话"]
    assert tokens("心") == ["心"]
    # Other scripts stay words; punctuation is its own token.
    assert tokens("拨打12356，或 PHQ-9 自测") == ["拨打", "打", "12356，", "或", "PHQ-9", "自测", "测"]
    # Characters outside the basic plane (Extension B) are characters too.
    assert tokens("𠀀字") == ["𠀀字", "字"]
    # As many tokens as characters in each run: positions are characters.
    text = "晚上总是睡不着怎么办"
    assert len(tokens(text)) == len(text)


def test_a_run_goes_on_across_inline_tags_and_stops_at_blocks() -> None:
    page = (
        '<header>x</header><div class="md-content" data-md-component="content"><article>'
        '<h2 id="sleep">入睡<strong>困难</strong>怎么办<a class="headerlink" href="#sleep">¶</a></h2>'
        "<p>心理 <em>健康</em></p><p>结尾</p><nav><a href='../next/'>下一课</a></nav>"
        '<div class="mh-content-tools"><button>朗读全文</button></div><script>var 脚本;</script>'
        "</article></div><footer>页脚</footer>"
    )
    document = index_document(page)
    assert document is not None
    assert '<main data-pagefind-body>' in document and 'lang="und"' in document
    # 入睡困难怎么办 across <strong>: the pairs 睡困 and 难怎 are there.
    assert "入睡 睡困" in document and "困难 难怎" in document
    # A space or a new block ends a run: no pair 理健 or 康结.
    assert "理健" not in document and "康结" not in document
    # Headings keep their ids (Pagefind's sub-results); what is not content goes.
    assert '<h2 id="sleep">' in document
    for gone in ("¶", "朗读", "脚本", "页脚", "x</"):
        assert gone not in document
    # A lesson's 下一课 links are content: <nav> is handed over as a <div>
    # (Pagefind drops <nav> wherever it is).
    assert "<nav" not in document and "下一 一课" in document
    assert index_document("<p>no content element</p>") is None


def test_text_is_escaped_in_the_document() -> None:
    document = index_document('<div data-md-component="content"><p>A&amp;B &lt;script&gt;</p></div>')
    assert "A&amp;B &lt;script&gt;" in document


# The worker is a plain script for a Worker: it runs in a context with what a
# worker's global scope gives it, and its functions are called from there.
WORKER_CONTEXT = """
const fs = require("fs"), vm = require("vm");
const context = {
  self: { location: { href: "https://example.org/sub/assets/javascripts/search-worker.js" } },
  addEventListener() {}, postMessage() {}, URL, Set, Array, Promise, console, setTimeout,
};
vm.createContext(context);
vm.runInContext(fs.readFileSync(process.argv[1], "utf8"), context);
const input = JSON.parse(fs.readFileSync(0, "utf8"));
"""
RUNNER = WORKER_CONTEXT + """
const out = {
  plans: input.queries.map((q) => vm.runInContext("plan", context)(q)),
  texts: input.texts.map((t) => vm.runInContext("plain", context)(t)),
  marked: vm.runInContext("rebuild", context)(input.marked.tokens, 0, input.marked.tokens.length, new Set(input.marked.at)),
};
process.stdout.write(JSON.stringify(out));
"""
# [query, a page's text or null] -> {query: what is asked for, typed: asTyped(...)
# with each pair's positions in the page's index tokens (Python's, given)}
PLAN_RUNNER = WORKER_CONTEXT + """
const plan = vm.runInContext("plan", context), asTyped = vm.runInContext("asTyped", context);
process.stdout.write(JSON.stringify(input.map(([query, tokens]) => {
  const wanted = plan(query);
  if (tokens === null) return { query: wanted.query, chains: wanted.chains, typed: null };
  const at = (pair) => new Set(tokens.flatMap((token, i) => (token === pair ? [i] : [])));
  return { query: wanted.query, chains: wanted.chains, typed: asTyped(wanted.chains, at) };
})));
"""
# The worker's search() with a stand-in for Pagefind whose index pieces come
# after `input.index` ms and each result's text after `input.text` ms:
# when the list with titles only is handed over (ms after the query), and
# when the complete one.
WAIT_RUNNER = WORKER_CONTEXT + """
const later = (ms, value) => new Promise((done) => setTimeout(done, ms, value));
context.pages = { a: ["a/", "焦虑是什么", 1], b: ["b/", "失眠", 1] };
const result = (id) => ({
  id, score: 1, words: [0],
  data: () => later(input.text, { content: "焦虑 虑", locations: [0], sub_results: [], meta: { title: "" } }),
});
context.pagefind = { search: () => later(input.index, { results: [result("a"), result("b")] }) };
vm.runInContext("latest = 1", context);
const start = Date.now();
let titles = null;
vm.runInContext("search", context)("焦虑", 1, () => { titles = Date.now() - start; }).then((complete) => {
  process.stdout.write(JSON.stringify({ titles, complete: Date.now() - start, items: complete.items.length }));
});
"""


def run_worker(runner: str, data: object) -> object:
    result = subprocess.run([NODE, "-e", runner, str(WORKER)], input=json.dumps(data, ensure_ascii=False),
                            capture_output=True, text=True, timeout=60, check=True)
    return json.loads(result.stdout)


@needs_node
def test_the_worker_asks_for_the_pairs_the_index_holds_and_reads_them_back() -> None:
    queries = ["电话", "睡不着 怎么办", "心", "PHQ-9 抑郁", "12356"]
    texts = ["拨打12356，或 PHQ-9 自测", "晚上总是睡不着怎么办？", "心理健康 A&B", "抑郁症是可以治疗的\n抑郁焦虑可有效防治"]
    sentence = "请打电话给我"
    marked = {"tokens": tokens(sentence), "at": [2]}  # the pair 电话
    out = run_worker(RUNNER, {"queries": queries, "texts": [" ".join(tokens(t)) for t in texts], "marked": marked})
    plans = [p["query"].split(" ") for p in out["plans"]]
    # Every query token is an index token of any text that contains the query.
    assert plans[0] == ["电话"] and set(plans[0]) <= set(tokens("请打电话"))
    assert plans[1] == ["睡不", "不着", "怎么", "么办"]
    assert set(plans[1]) <= set(tokens("晚上总是睡不着怎么办"))
    assert plans[2] == ["心"]  # one character: Pagefind matches it at the start of every pair
    assert plans[3] == ["PHQ-9", "抑郁"] and plans[4] == ["12356"]
    # Runs of three or more characters: their pairs and where they stand,
    # from the first, in a page that contains them as typed.
    assert out["plans"][1]["chains"] == [[[0, "睡不"], [1, "不着"]], [[0, "怎么"], [1, "么办"]]]
    assert out["plans"][0]["chains"] == []
    # The index's tokens read back as the original text (spaces between
    # Chinese and other scripts aside), with the match marked whole.
    assert out["texts"] == ["拨打12356，或PHQ-9自测", "晚上总是睡不着怎么办？", "心理健康A&B",
                            "抑郁症是可以治疗的 抑郁焦虑可有效防治"]  # a heading and its paragraph stay apart
    assert out["marked"] == "请打<mark>电话</mark>给我"


def test_pagefind_failing_is_a_message_with_its_own_words(tmp_path) -> None:
    """Pagefind's output goes to a file while it runs (search.index.PagefindRun);
    when it fails, the message in Chinese carries what it said."""
    from mhsite.search.index import SearchIndexError, run_pagefind

    (tmp_path / "site").mkdir()
    with pytest.raises(SearchIndexError) as failed:
        run_pagefind(tmp_path / "site", tmp_path / "out", binary="no_such_pagefind_module")
    assert "站内搜索索引没有生成：pagefind 出错：" in str(failed.value)
    assert "no_such_pagefind_module" in str(failed.value)


def test_pagefind_works_on_one_thread(tmp_path, monkeypatch) -> None:
    """Pagefind indexes while the build renders the remaining pages: with a
    thread per core it took the build's own core (a province's rendering
    47.7 s instead of 38.7, benchmarks/build_phases.py). A stand-in module,
    started as Pagefind is, reports the thread-pool settings it is given and
    its arguments."""
    from mhsite.search.index import LANGUAGE, SearchIndexError, run_pagefind

    (tmp_path / "probe").mkdir()
    (tmp_path / "probe" / "threads_probe.py").write_text(
        "import json, os, sys\n"
        "print(json.dumps([os.environ.get('RAYON_NUM_THREADS'), os.environ.get('TOKIO_WORKER_THREADS'), sys.argv[1:]]))\n"
        "sys.exit(1)\n",
        encoding="utf-8")
    monkeypatch.setenv("PYTHONPATH", str(tmp_path / "probe"))
    monkeypatch.delenv("RAYON_NUM_THREADS", raising=False)
    (tmp_path / "site").mkdir()
    with pytest.raises(SearchIndexError) as reported:
        run_pagefind(tmp_path / "site", tmp_path / "out", binary="threads_probe")
    rayon, tokio, arguments = json.loads(str(reported.value).split("：", 2)[2])
    assert (rayon, tokio) == ("1", "1")
    assert arguments == ["--site", str(tmp_path / "site"), "--output-path", str(tmp_path / "out"),
                         "--force-language", LANGUAGE, "--quiet"]


def test_pagefind_not_finishing_in_time_is_a_message_that_says_so(tmp_path, monkeypatch) -> None:
    from mhsite.search import index

    (tmp_path / "probe").mkdir()
    (tmp_path / "probe" / "slow_probe.py").write_text("import time\ntime.sleep(30)\n", encoding="utf-8")
    monkeypatch.setenv("PYTHONPATH", str(tmp_path / "probe"))
    monkeypatch.setattr(index, "PAGEFIND_TIMEOUT", 1)
    (tmp_path / "site").mkdir()
    run = index.PagefindRun(tmp_path / "site", tmp_path / "out", binary="slow_probe")
    with pytest.raises(index.SearchIndexError) as reported:
        run.finish()
    assert "pagefind 运行了 1 秒仍未完成" in str(reported.value)
    assert ".venv" not in str(reported.value)  # not the message for a Pagefind that cannot start
    assert run.process.poll() is not None  # stopped, not left running


@pytest.mark.skipif(os.name != "posix", reason="processes are asked about with signal 0 on POSIX only")
def test_search_documents_of_builds_no_longer_running_are_removed(tmp_path) -> None:
    """A build killed outright cannot remove its temporary search documents
    (a province's 2,000 files): the next build removes those whose process
    is gone, and leaves a running build's and anything else alone."""
    from mhsite.search.index import DOCUMENTS_PREFIX, documents_folder, remove_stale_documents

    ended = subprocess.Popen([sys.executable, "-c", "pass"])
    ended.wait()
    gone = tmp_path / f"{DOCUMENTS_PREFIX}{ended.pid}-abc"
    running = tmp_path / f"{DOCUMENTS_PREFIX}{os.getpid()}-def"
    parent = tmp_path / f"{DOCUMENTS_PREFIX}1-ghi"  # init: another user's, or running
    other = tmp_path / f"{DOCUMENTS_PREFIX}older-name"
    for folder in (gone, running, parent, other):
        (folder / "articles").mkdir(parents=True)
        (folder / "articles" / "index.html").write_text("x", encoding="utf-8")
    recent = tmp_path / f"{DOCUMENTS_PREFIX}{ended.pid}-jkl"  # gone, but changed within the hour
    recent.mkdir()
    hours_ago = time.time() - 2 * 3600
    for folder in (gone, running, parent, other):
        os.utime(folder, (hours_ago, hours_ago))
    assert remove_stale_documents(tmp_path) == [gone]
    assert not gone.exists() and recent.exists() and running.exists() and parent.exists() and other.exists()
    with documents_folder() as name:
        assert Path(name).name.startswith(f"{DOCUMENTS_PREFIX}{os.getpid()}-")


# A query's Chinese run is asked for as pairs that cover it without
# overlapping (睡不着怎么办 -> 睡不 着怎 么办): each pair asked for can add an
# index piece to fetch, about 30 KB, 0.16 s on Lighthouse's slow 4G
# (benchmarks/search.py). Over a few thousand generated texts and queries:
# recall (every pair asked for starts a token of any text that contains the
# query), order (such a text is "as typed", so it ranks first; a text with
# the pairs elsewhere or in another order is not), cost (a run of n >= 2
# characters is ceil(n / 2) pairs, not the n - 1 overlapping ones).

def run(cases: list[tuple[str, list[str] | None]]) -> list[dict]:
    return run_worker(PLAN_RUNNER, cases)


@needs_node
def test_what_is_asked_for() -> None:
    cases = ["睡不着怎么办", "睡不着", "电话", "心", "孩子不愿意上学", "PHQ-9 焦虑", "心理咨询收费吗"]
    answers = run([(case, None) for case in cases])
    assert [answer["query"] for answer in answers] == [
        "睡不 着怎 么办",
        "睡不 不着",  # an odd run ends with its last pair
        "电话",
        "心",
        "孩子 不愿 意上 上学",
        "PHQ-9 焦虑",
        "心理 咨询 收费 费吗",
    ]
    assert answers[0]["chains"] == [[[0, "睡不"], [2, "着怎"], [4, "么办"]]]
    assert answers[1]["chains"] == [[[0, "睡不"], [1, "不着"]]] and answers[2]["chains"] == []


@needs_node
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
        # a query from the text, or (one in three) made of its characters in another order
        query = run_[start : start + rng.randint(1, 8)]
        if rng.random() < 1 / 3:
            query = "".join(rng.sample(query, len(query)))
        cases.append((text, query))
    plans = run([(query, None) for _, query in cases])
    answers = run([(query, tokens(text)) for text, query in cases])
    for (text, query), plan, answer in zip(cases, plans, answers):
        terms = plan["query"].split(" ")
        index = tokens(text)
        if query in text:
            # Recall: the page holds every pair asked for (Pagefind matches a
            # term against the start of a token: one character finds its pairs).
            assert all(any(token.startswith(term) for token in index) for term in terms), (text, query, terms)
            assert answer["typed"] is True, (text, query)
        if len(query) >= 2:
            assert len(terms) == (len(query) + 1) // 2, (query, terms)
        if answer["typed"] and len(query) >= 3:
            # As typed means as typed (spaces between Chinese runs aside: they make no token).
            assert query in text.replace(" ", ""), (text, query)


@needs_node
def test_the_pairs_in_another_place_or_order_are_not_as_typed() -> None:
    cases = [
        ("睡不着怎么办", "睡不好 着怎样 么办"),  # all three pairs, never side by side
        ("健康心理", "心理健康"),  # the pairs two apart, the other way round
        ("自己可以", "可以自己停药"),
        ("照顾自己", "自我照顾，照顾好自己"),
    ]
    answers = run([(query, tokens(text)) for query, text in cases])
    assert [answer["typed"] for answer in answers] == [False] * len(cases)
    # …and the same pages hold them as typed when they do.
    assert run([("照顾自己", tokens("要照顾自己"))])[0]["typed"] is True


@needs_node
def test_titles_come_at_once_when_the_index_pieces_were_slow() -> None:
    # The index pieces in 400 ms (a slow connection): the titles at once,
    # not 300 ms later (EXCERPTS_WAIT); the texts at 1.4 s complete the list.
    slow = run_worker(WAIT_RUNNER, {"index": 400, "text": 1000})
    assert slow["titles"] is not None and slow["titles"] < 400 + 150, slow
    assert slow["complete"] >= 1400 and slow["items"] == 2
    # Index pieces in 10 ms (a fast one, or cached): the list waits for the
    # texts up to 300 ms before the titles are shown alone…
    fast = run_worker(WAIT_RUNNER, {"index": 10, "text": 1000})
    assert fast["titles"] is not None and fast["titles"] >= 10 + 290, fast
    # …and is shown once, complete, when they come within that time.
    quick = run_worker(WAIT_RUNNER, {"index": 10, "text": 50})
    assert quick["titles"] is None and quick["items"] == 2, quick


def test_the_files_fetched_ahead_are_the_index_s_own(tmp_path) -> None:
    from mhsite.search.index import SearchIndexError, entry_files

    (tmp_path / "pagefind-entry.json").write_text(
        json.dumps({"version": "1.5.2", "languages": {"und": {"hash": "und_0a1b2c", "wasm": None, "page_count": 3}}}),
        encoding="utf-8")
    (tmp_path / "pagefind.und_0a1b2c.pf_meta").write_bytes(b"meta")
    assert entry_files(tmp_path) == {"tag": "und_0a1b2c", "meta": "pagefind.und_0a1b2c.pf_meta"}
    # An index without that language, or without its metadata, stops the build with a message.
    with pytest.raises(SearchIndexError, match="没有语言 zh 的索引"):
        entry_files(tmp_path, language="zh")
    (tmp_path / "pagefind.und_0a1b2c.pf_meta").unlink()
    with pytest.raises(SearchIndexError, match="没有 pagefind.und_0a1b2c.pf_meta"):
        entry_files(tmp_path)
