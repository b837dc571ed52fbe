"""Recognising the sample data the project ships with, by more than its flag.

The project ships invented stations, a district line, activities, news posts
and an operator so that a new site shows every feature. They are marked
`sample: true`, but a flag is one line an operator can delete while the
entries below it stay invented; then invented numbers would become dialable
links and invented places map links. So a shipped sample entry is recognised
by what it *is*, with three independent signs, any one of which is enough:

1. the flag: `meta.sample: true` (a whole file) or `sample: true` (an entry);
2. the sample words the shipped text carries: the invented district's name
   (示例区) and the bracketed notes （示例） （示例地址） （示例数据）; in
   short fields (names, addresses, places, sources) any 示例 at all — no real
   station or hotline is called that;
3. a fingerprint of what the sample invents and a real entry never shares:
   - every phone number of the shipped stations, district line and operator
     (compared as the digits the phone parser reads, so "0573-8000 1000" and
     "057380001000" are one number);
   - each activity's title with its start time, each news post's title with
     its date (a real centre may well call a group 新妈妈情绪互助小组, but
     not at the sample's minute).
   Fingerprints are SHA-256 digests (16 hex digits), not the values: one
   short line per value, and no list of numbers in the code for anyone to
   copy (they are not secret: anyone can recompute them). When the shipped
   samples change, `PYTHONPATH=hooks python -m mhsite.publication.samples`
   prints the new list
   (tests/unit/test_samples.py fails until it is pasted here).

Names and ids alone are *not* signs: a real district may well have a
东湖街道心理服务站, and keeping an id (the address of a page) is fine.

Also here: the marks that templates leave for editors to replace
(`PLACEHOLDER`, used by `./run new`). Nothing here imports MkDocs.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import date, datetime

# What an editor must replace: `./run new` writes it before every line of the
# template that is not the editor's yet; the publication check lists each.
PLACEHOLDER = "【待填写】"

# Placeholders of the template before PLACEHOLDER existed (pages started
# with an older `./run new`).
LEGACY_PLACEHOLDERS = (
    "请用一两句话（不超过 80 字）概括本页",
    "请写出依据的资料，例如：",
    "学完本课，您能……",
    "正文：短段落，具体可做的事。",
)

# The invented district and the bracketed notes of the shipped text.
SAMPLE_WORDS = re.compile(r"示例区|[（(]示例[^）)\n]{0,4}[）)]")
# In names, addresses, places and sources: any 示例 (a real one never has it).
SAMPLE_IN_NAME = re.compile(r"示例")
# An admonition whose title says 示例 (!!! note "示例内容", !!! warning "这是示例页面").
SAMPLE_BOX = re.compile(r'^(?:!!!|\?\?\?\+?)\s*\w+\s+"[^"\n]*示例[^"\n]*"', re.M)

_SHIPPED: frozenset[str] = frozenset(
    {
        "d3ee0272b2581970",  # event 2026-11-elderly-sleep-nanshan
        "258c82272dc75fa8",  # event 2026-11-evening-stress-talk
        "f2ac96f324888e07",  # event 2026-11-factory-talk-beitang
        "2d4a5c0060336213",  # event 2026-11-jingfang-xihe
        "4edc125fbbd0e23c",  # event 2026-11-parent-child-xihe
        "2a72b17100554c1a",  # event 2026-12-bereaved-families-nanshan
        "d3927ad995336b78",  # event 2026-12-counsellor-training
        "fb291a7882293010",  # event 2026-12-exam-group-baisha
        "303da0e86e9240b7",  # event 2026-12-jingfang-xihe
        "523a77925a0ecaed",  # event 2026-12-parent-child-donghu
        "f8bcb0e6c98bb371",  # event 2026-12-postpartum-group-qingshi
        "54cc646155e19ebd",  # event 2026-12-school-talk-xihe
        "e89fb1fe3c79cb2f",  # event 2026-12-veterans-talk-baisha
        "9f08492bda622524",  # event 2026-12-volunteer-xihe
        "532fe9fa6c2250e1",  # event 2026-12-winter-solstice-elderly-donghu
        "165df2f1dc427cd6",  # event 2026-12-women-talk-taoyuan
        "385806416e96017e",  # event 2027-01-carers-group-beitang
        "eb42028bd36476e3",  # event 2027-01-correction-group-donghu
        "2e812bcf0fc55369",  # event 2027-01-family-talk-nanshan
        "214075a37ec7d8c1",  # event 2027-01-winter-care-qingshi
        "1b38162775c00244",  # hotline district-sample-line
        "07052af60d06d024",  # post 2026-11-hotline-12356.md
        "70606208bd327ffa",  # post 2026-11-parent-child-review.md
        "37a176e2ef6fe51e",  # post 2026-11-winter-sleep-tips.md
        "486c59e0d3db9e3a",  # station baisha-binjiang-room
        "a43b74b648420a53",  # station baisha-clinic
        "80a91720958310eb",  # station baisha-haitang-room
        "a142f9d9ab79f3c7",  # station baisha-jingang-room
        "da35587c1330afa0",  # station baisha-shazhou-room
        "915c7c19f641496f",  # station baisha-station
        "a3fc26c74d64a8e1",  # station baisha-wangyue-room
        "c38d21ff66f9857c",  # station beitang-beixin-room
        "7379dc1294a590f1",  # station beitang-clinic
        "0eb0883a1a37b7a7",  # station beitang-luhua-room
        "243d6cf1149202bb",  # station beitang-shenjiadai-room
        "e6f812b0c3081c41",  # station beitang-shuangqiao-room
        "5db0fdb635c9eb6f",  # station beitang-station
        "ddaf6122ed0b1a90",  # station beitang-tangbei-room
        "2139b979789868eb",  # station beitang-yugang-room
        "f135ddc2c4ea1d7b",  # station district-centre
        "56fec2c275c83eb2",  # station donghu-hubin-room
        "86125811d53c5c08",  # station donghu-jinxiu-room
        "e3e5760f5eefcb2c",  # station donghu-luming-room
        "1d3d47466c140cb0",  # station donghu-meiyuan-room
        "8f1855c34ce903de",  # station donghu-station
        "514f6a7a92429c81",  # station donghu-wenchang-room
        "5ee61d97f7f49c32",  # station donghu-xinqiao-room
        "b060e42bfa855b06",  # station nanshan-chawu-room
        "059821697663b725",  # station nanshan-clinic
        "1c7d0a24fc1431a3",  # station nanshan-nanjie-room
        "0429645ce161a0cd",  # station nanshan-shanqian-room
        "cd22b7500219b143",  # station nanshan-station
        "8880ef45a144982c",  # station nanshan-station
        "d0190f84f6ed9738",  # station nanshan-yunling-room
        "0b7da7b40bd5260a",  # station nanshan-zhulin-room
        "f12b8a30f7262d1e",  # station qingshi-clinic
        "fd5dcec6a2c491af",  # station qingshi-fengling-room
        "1751a3de08d6f11c",  # station qingshi-qingyun-room
        "b5a52d5b48c74dbb",  # station qingshi-shimen-room
        "3aae9f23bf9f1be9",  # station qingshi-station
        "848d410c62fad7d9",  # station qingshi-xikou-room
        "5932557ecc52277a",  # station taoyuan-clinic
        "c58b8cbb7a704923",  # station taoyuan-fenghuang-room
        "470102ef9db623a1",  # station taoyuan-huaxi-room
        "0d87d32ef05fc852",  # station taoyuan-lijia-room
        "211b688e1592c2b3",  # station taoyuan-nanbang-room
        "a6dcdb946a7871e6",  # station taoyuan-sangyuan-room
        "a08f5374fb3a0e09",  # station taoyuan-station
        "c30a65e94afb6cff",  # station taoyuan-taohua-room
        "c6c3c038a5ada49e",  # station taoyuan-xindai-room
        "bd712ba84e146e6a",  # station taoyuan-yuantou-room
        "939b0aad30c626b4",  # station xihe-changbang-room
        "20521bbb3dfb0b7c",  # station xihe-clinic
        "47cce0556b36bbb3",  # station xihe-hehua-room
        "ab5374ddf739fb5e",  # station xihe-hekou-room
        "dbdbc0a7e80d929a",  # station xihe-liuan-room
        "fde9b497d57337e9",  # station xihe-shibu-room
        "aff8b1938a1de9cc",  # station xihe-station
        "7cb8488488f81a09",  # station xihe-yangjiaqiao-room
        "1b5b5685bbbf0718",  # station xihe-zhenxi-room
    }
)


# Domains reserved for examples (RFC 2606, RFC 6761): no real site or mailbox has one.
RESERVED_DOMAINS = ("example.com", "example.net", "example.org")
RESERVED_TLDS = ("example", "test", "invalid", "localhost")


def reserved_host(host: str) -> bool:
    """Is `host` a name reserved for examples and tests (example.org,
    *.example, *.test, localhost…), which no real site or mailbox has?"""
    host = host.lower().rstrip(".")
    return (
        host in RESERVED_DOMAINS
        or host.endswith(tuple("." + d for d in RESERVED_DOMAINS))
        or host.rsplit(".", 1)[-1] in RESERVED_TLDS
    )


def reserved_domain(address: str) -> bool:
    """Is the email address at a domain reserved for examples (example.org…)?"""
    return reserved_host(address.rsplit("@", 1)[-1])


def fingerprint(kind: str, value: str) -> str:
    """The digest a shipped value is known by (first 16 hex digits of SHA-256)."""
    return hashlib.sha256(f"{kind}:{value}".encode()).hexdigest()[:16]


def phone_fingerprint(digits: str) -> str:
    return fingerprint("phone", digits)


def event_fingerprint(title: str, start: datetime) -> str:
    return fingerprint("event", f"{title}|{start:%Y-%m-%d %H:%M}")


def post_fingerprint(title: str, day: date) -> str:
    return fingerprint("post", f"{title}|{day.isoformat()}")


def is_shipped(digest: str) -> bool:
    return digest in _SHIPPED


def shipped_phone(digits: str) -> bool:
    """Is this one of the numbers the shipped samples invented?"""
    return phone_fingerprint(digits) in _SHIPPED


@dataclass(frozen=True)
class Sample:
    """An entry recognised as sample data: where it is, and why."""

    file: str
    line: int | None
    where: str  # e.g. "stations[0] (district-centre)"
    reasons: tuple[str, ...]

    @property
    def reason_text(self) -> str:
        return "；".join(self.reasons)


def words_in(value: str | None, *, name: bool = False) -> str | None:
    """The sample word `value` carries ("示例区", "（示例地址）"), or None.
    `name`: a short field, where any 示例 counts."""
    if not value:
        return None
    found = SAMPLE_WORDS.search(value)
    if found:
        return found.group(0)
    return "示例" if name and SAMPLE_IN_NAME.search(value) else None


def station_reasons(name: str, address: str, notes: str, phones: list) -> list[str]:
    """Why a station looks like the shipped sample (empty: it does not).
    `phones`: parsed phones.Phone objects."""
    reasons = [f"电话 {p.display} 是项目自带的虚构号码" for p in phones if shipped_phone(p.digits)]
    for label, value, short in (("名称", name, True), ("地址", address, True), ("提示", notes, False)):
        word = words_in(value, name=short)
        if word:
            reasons.append(f"{label}里写着“{word}”")
    return reasons


def main() -> None:
    """Print `_SHIPPED` for the sample data now in docs/ (for maintainers,
    after changing the shipped samples)."""
    from mhsite import PROJECT
    from mhsite.common.front_matter import read_front_matter
    from mhsite.common.fields import parse_date
    from mhsite.common.phones import parse_phone
    from mhsite.common.data_files import load_yaml

    docs = PROJECT / "docs"
    found: dict[str, str] = {}
    stations = load_yaml(docs / "_data/stations.yml").data
    for s in stations["stations"]:
        for number in s["phone"]:
            phone = parse_phone(number)
            found[phone_fingerprint(phone.digits)] = f"station {s['id']}"
    hotlines = load_yaml(docs / "_data/hotlines.yml").data
    for h in hotlines["hotlines"]:
        if h.get("sample"):
            phone = parse_phone(h["number"])
            found[phone_fingerprint(phone.digits)] = f"hotline {h['id']}"
    from mhsite.events.model import parse_local_time

    events = load_yaml(docs / "_data/events.yml").data
    for e in events["events"]:
        found[event_fingerprint(e["title"], parse_local_time(e["start"]))] = f"event {e['id']}"
    for path in sorted((docs / "news/posts").glob("*.md")):
        text = path.read_text(encoding="utf-8")
        front, _ = read_front_matter(text, path.name)
        title = next((line[2:].strip() for line in text.splitlines() if line.startswith("# ")), "")
        if front is not None and front.data.get("sample"):
            created = front.data["date"]
            created = created.get("created") if isinstance(created, dict) else created
            found[post_fingerprint(title, parse_date(created))] = f"post {path.name}"
    # The sample operator's phone (mkdocs.yml) is the sample centre's number.
    for digest, what in sorted(found.items(), key=lambda item: item[1]):
        print(f'        "{digest}",  # {what}')


if __name__ == "__main__":
    main()
