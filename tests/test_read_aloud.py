"""朗读全文 on articles, lessons and guides: the browser's own speech synthesis,
only with a Chinese voice of the device itself. Headless Chromium has no
voices, so the button must stay hidden there; a stand-in speechSynthesis,
put in before the page's scripts, plays the browser that has one."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import pytest

from conftest import ServedSite

ARTICLE = "articles/when-someone-talks-about-suicide/"  # has the help box, which is not read
CONTENT = [ARTICLE, "lessons/good-sleep/01-how-sleep-works/", "guides/screen-time/"]
TOOLS = "[data-mh-content-page]"
BUTTON = "button[data-mh-read-aloud]"

ZH = {"name": "Stub 普通话", "lang": "zh-CN", "localService": True, "default": False, "voiceURI": "stub-zh"}
EN = {"name": "Stub English", "lang": "en-US", "localService": True, "default": True, "voiceURI": "stub-en"}
# A voice that would send the text to a server (Chrome's "Google 普通话").
ZH_NETWORK = {"name": "Google 普通话", "lang": "zh-CN", "localService": False, "default": False, "voiceURI": "net-zh"}

STUB = """
(() => {
  const calls = window.__speech = {spoken: [], cancels: 0};
  let voices = [];
  const events = new EventTarget();
  const synth = {
    getVoices: () => voices.slice(),
    speak: u => calls.spoken.push({text: u.text, lang: u.lang, voice: u.voice && u.voice.lang, rate: u.rate}),
    cancel: () => { calls.cancels++; },
    pause() {}, resume() {},
    speaking: false, pending: false, paused: false, onvoiceschanged: null,
    addEventListener: (...a) => events.addEventListener(...a),
    removeEventListener: (...a) => events.removeEventListener(...a),
  };
  Object.defineProperty(window, 'speechSynthesis', {value: synth, configurable: true});
  window.SpeechSynthesisUtterance = function (text) { this.text = text; this.lang = ''; this.voice = null; this.rate = 1; };
  // Voices arrive after the page has loaded, as in Chrome.
  setTimeout(() => { voices = VOICES; events.dispatchEvent(new Event('voiceschanged')); }, 300);
})();
"""


def stub_speech(driver, voices: list[dict]) -> None:
    driver.execute_cdp_cmd(
        "Page.addScriptToEvaluateOnNewDocument", {"source": STUB.replace("VOICES", json.dumps(voices, ensure_ascii=False))}
    )


def _wait(driver, condition, timeout: float = 10):
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, timeout).until(condition)


def shown(driver, selector: str) -> bool:
    return driver.execute_script(
        "const e = document.querySelector(arguments[0]); return !!e && !e.hidden && getComputedStyle(e).display !== 'none'"
        " && e.getBoundingClientRect().height > 0;",
        selector,
    )


class _ArticleText(HTMLParser):
    """The text a listener should hear, read from the built page independently
    of the script: title, headings, paragraphs, list items, in order; not the
    author and review lines, players, help box, tags, navigation or buttons;
    a lesson's aims are read; nothing from the sources and related pages at
    the end."""

    BLOCKS = {"h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "dt", "dd", "th", "td", "figcaption"}
    SKIP_CLASSES = {"mh-pageinfo__line", "mh-lesson-progress", "mh-media", "mh-helpbox", "md-tags", "headerlink", "mh-lesson-done", "mh-content-tools"}
    SKIP_TAGS = {"nav", "script", "style", "button", "audio", "video"}
    VOID = {"br", "img", "hr", "input", "meta", "link", "wbr", "source"}

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[tuple[str, bool, int | None]] = []  # tag, skipped, slot
        self.blocks: list[str] = []
        self.ended = False

    def handle_starttag(self, tag, attrs):
        if tag in self.VOID:
            return
        a = dict(attrs)
        if a.get("id") in ("sources", "related"):
            self.ended = True
        skipped = (
            self.ended
            or tag in self.SKIP_TAGS
            or "hidden" in a
            or bool(self.SKIP_CLASSES & set((a.get("class") or "").split()))
            or any(s for _, s, _ in self.stack)
        )
        slot = None
        if tag in self.BLOCKS and not skipped:
            slot = len(self.blocks)
            self.blocks.append("")
        self.stack.append((tag, skipped, slot))

    def handle_endtag(self, tag):
        if tag in self.VOID:
            return
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data):
        if not self.stack or any(s for _, s, _ in self.stack):
            return
        for _, _, slot in reversed(self.stack):
            if slot is not None:
                self.blocks[slot] += data
                return


def expected_text(site_root, path: str) -> tuple[str, list[str]]:
    html = (site_root / path / "index.html").read_text(encoding="utf-8")
    start = html.index('<article class="md-content__inner')
    body = html[start : html.index("</article>", start)]
    parser = _ArticleText()
    parser.feed(body)
    blocks = [re.sub(r"\s+", "", b) for b in parser.blocks if b.strip()]
    return "".join(blocks), blocks


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_only_content_pages_have_it(site_dir) -> None:
    for path in CONTENT:
        html = (site_dir / path / "index.html").read_text(encoding="utf-8")
        # site.js loads content.js (朗读, printed links) where this marks the page.
        assert "data-mh-content-page hidden" in html, path
    for path in ["", "articles/", "lessons/good-sleep/", "hotlines/", "stations/"]:
        html = (site_dir / path / "index.html").read_text(encoding="utf-8")
        assert "data-mh-content-page" not in html, path
    # No page names content.js itself: only site.js, where the marker is.
    for path in CONTENT + [""]:
        assert "content.js" not in (site_dir / path / "index.html").read_text(encoding="utf-8"), path
    script = (site_dir / "assets/javascripts/site.js").read_text(encoding="utf-8")
    assert 'querySelector("[data-mh-content-page]")' in script and '"content.js"' in script


def test_hidden_when_the_browser_has_no_chinese_voice(browser, served_site: ServedSite) -> None:
    import time

    browser.get(served_site.url + ARTICLE)
    time.sleep(1.5)  # voices, if any, arrive after the page
    voices = browser.execute_script("return speechSynthesis.getVoices().map(v => v.lang)")
    if any(lang.lower().startswith("zh") for lang in voices):
        pytest.skip(f"this Chromium has a Chinese voice: {voices}")
    assert browser.execute_script("return typeof speechSynthesis.speak") == "function"
    assert not shown(browser, TOOLS)


@pytest.mark.parametrize("voices", [[EN], [EN, ZH_NETWORK]], ids=["english-only", "network-voice-only"])
def test_hidden_with_no_local_chinese_voice(browser, served_site: ServedSite, voices) -> None:
    import time

    stub_speech(browser, voices)
    browser.get(served_site.url + ARTICLE)
    _wait(browser, lambda d: d.execute_script("return speechSynthesis.getVoices().length") == len(voices))
    time.sleep(0.3)
    assert not shown(browser, TOOLS)


@pytest.mark.parametrize("path", CONTENT)
def test_reads_the_text_in_order_with_a_chinese_voice_and_stops(browser, served_site: ServedSite, path: str) -> None:
    from selenium.webdriver.common.by import By

    stub_speech(browser, [EN, ZH_NETWORK, ZH])
    browser.get(served_site.url + path)
    _wait(browser, lambda d: shown(d, TOOLS))
    # Under the title, where a reader looks for it.
    assert browser.execute_script("return document.querySelector(arguments[0]).previousElementSibling.tagName", TOOLS) == "H1"
    button = browser.find_element(By.CSS_SELECTOR, BUTTON)
    assert button.text.strip() == "朗读全文"

    button.click()
    spoken = browser.execute_script("return window.__speech.spoken")
    assert len(spoken) > 5
    assert {s["voice"] for s in spoken} == {"zh-CN"}  # the local Chinese voice, not the network one
    assert all(s["lang"].startswith("zh") for s in spoken)
    text, blocks = expected_text(served_site.root, path)
    heard = "".join(squeeze(s["text"]) for s in spoken)
    title = squeeze(browser.find_element(By.CSS_SELECTOR, ".md-content__inner h1").text)
    assert squeeze(spoken[0]["text"]) == title == blocks[0]
    assert heard == text
    # Chunks short enough for Chrome's voices, which stop on long utterances.
    assert max(len(s["text"]) for s in spoken) <= 120
    assert "作者：" not in heard and "参考资料" not in heard and "相关内容" not in heard
    if path.startswith("lessons/"):
        assert "学完这一课，您可以：" in heard and "第1课" not in heard
    if path == ARTICLE:
        assert "您不是一个人" in browser.find_element(By.CSS_SELECTOR, ".mh-helpbox").text
        assert "您不是一个人" not in heard
    assert button.text.strip() == "停止朗读"

    cancels = browser.execute_script("return window.__speech.cancels")
    button.click()
    assert browser.execute_script("return window.__speech.cancels") > cancels
    assert button.text.strip() == "朗读全文"


def test_button_is_a_big_target_in_elderly_mode(browser, served_site: ServedSite) -> None:
    stub_speech(browser, [ZH])
    browser.get(served_site.url + ARTICLE)
    browser.execute_script("localStorage.setItem('mh-elderly', '1')")
    browser.get(served_site.url + ARTICLE)
    _wait(browser, lambda d: shown(d, TOOLS))
    box = browser.execute_script(
        "const r = document.querySelector(arguments[0]).getBoundingClientRect(); return [r.width, r.height, parseFloat(getComputedStyle(document.querySelector(arguments[0])).fontSize)];",
        BUTTON,
    )
    assert box[0] >= 60 and box[1] >= 60 and box[2] >= 24, box
