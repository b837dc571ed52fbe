"""Lists cut into pages (common/pagination.py): the pages, their addresses,
the numbers the navigation shows and each page's neighbours. (The built
lists, with their sizes and links: tests/test_pagination.py.)"""

from __future__ import annotations

import posixpath

import pytest

from mhsite.common.pagination import navigation, neighbours, numbers, page_dir, page_src, paginate, relative_url, titled
from mhsite.content.model import ContentSettings


def test_pages_hold_every_item_once_in_order() -> None:
    for count in (0, 1, 19, 20, 21, 40, 41, 2000):
        items = list(range(count))
        pages = paginate(items, 20)
        assert [i for p in pages for i in p.items] == items
        assert [p.number for p in pages] == list(range(1, len(pages) + 1))
        assert all(p.count == len(pages) for p in pages)
        assert all(1 <= len(p.items) <= 20 for p in pages) or count == 0
        assert len(pages) == max(1, -(-count // 20))
    with pytest.raises(ValueError):
        paginate([1], 0)


def test_the_first_page_keeps_the_lists_address() -> None:
    assert page_dir("articles/", 1) == "articles/"
    assert page_dir("articles/", 2) == "articles/page/2/"
    assert page_src("articles/tags/焦虑/", 3) == "articles/tags/焦虑/page/3/index.md"
    assert page_src("events/archive/", 1) == "events/archive/index.md"


def test_links_are_relative_to_the_page_they_are_on() -> None:
    cases = [
        ("articles/", "articles/page/2/", "page/2/"),
        ("articles/page/2/", "articles/", "../../"),
        ("articles/page/2/", "articles/page/3/", "../3/"),
        ("articles/page/2/", "articles/page/2/", "./"),
        ("articles/", "articles/tags/焦虑/", "tags/焦虑/"),
    ]
    for here, there, want in cases:
        assert relative_url(here, there) == want
        assert posixpath.normpath(posixpath.join("/", here, want)) + "/" == "/" + there


def test_the_numbers_shown() -> None:
    assert numbers(1, 1) == [1]
    assert numbers(1, 2) == [1, 2]
    assert numbers(1, 5) == [1, 2, None, 5]
    assert numbers(3, 5) == [1, 2, 3, 4, 5]
    assert numbers(5, 100) == [1, None, 4, 5, 6, None, 100]
    assert numbers(100, 100) == [1, None, 99, 100]
    # A gap of one number shows that number, never "…" in its place.
    assert numbers(4, 100) == [1, 2, 3, 4, 5, None, 100]
    for count in range(1, 40):
        for current in range(1, count + 1):
            shown = numbers(current, count)
            real = [n for n in shown if n is not None]
            assert real == sorted(set(real)) and real[0] == 1 and real[-1] == count and current in real
            assert len(shown) <= 7  # fits two rows of buttons on a 360 px phone
            for before, after in zip(shown, shown[1:]):
                assert before is not None or after is not None
                if before is not None and after is not None:
                    assert after == before + 1


def test_navigation_of_a_page() -> None:
    pages = paginate(list(range(45)), 20)
    assert navigation("articles/", pages[0], "科普文章分页") is not None
    assert navigation("articles/", paginate([1, 2], 20)[0], "x") is None
    nav = navigation("articles/", pages[1], "科普文章分页")
    assert nav["previous"] == "../../" and nav["next"] == "../3/"
    assert [p and p["url"] for p in nav["pages"]] == ["../../", "./", "../3/"]
    last = navigation("articles/", pages[2], "科普文章分页")
    assert last["next"] is None and last["previous"] == "../2/"
    assert titled("科普文章", pages[0]) == "科普文章"
    assert titled("科普文章", pages[2]) == "科普文章（第 3 页）"


def test_neighbours_for_rel_prev_and_next() -> None:
    sources = {page_src("articles/", n) for n in (1, 2, 3)} | {"articles/tags/page/index.md", "guides/index.md"}
    sources |= {"articles/tags/page/page/2/index.md"}  # a topic named "page"
    assert neighbours(sources) == {
        "articles/index.md": (None, "articles/page/2/index.md"),
        "articles/page/2/index.md": ("articles/index.md", "articles/page/3/index.md"),
        "articles/page/3/index.md": ("articles/page/2/index.md", None),
        "articles/tags/page/index.md": (None, "articles/tags/page/page/2/index.md"),
        "articles/tags/page/page/2/index.md": ("articles/tags/page/index.md", None),
    }


def test_a_tag_or_age_group_must_fit_in_an_address() -> None:
    from pydantic import ValidationError

    ContentSettings(tags=["焦虑"], age_groups=["3-6"])
    for bad in ("a/b", "睡眠?", "50%", "#1"):
        with pytest.raises(ValidationError):
            ContentSettings(tags=[bad], age_groups=["3-6"])
        with pytest.raises(ValidationError):
            ContentSettings(tags=["焦虑"], age_groups=[bad])
