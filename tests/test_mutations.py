"""The mutation test (issue 14): editors can neither break the site nor
inject anything into it.

tests/mutations.py generates, from the files themselves, every mutation
class for every field of every data file, of .authors.yml and of each kind
of front matter, and every file class for each file (a wrong type, an empty
or `null` file, a key written twice, a YAML error, 100 KB of text, a
zero-width space, and the markup payloads: <script>, "><img onerror>,
{ onfocus= }, [x](javascript:), a tracking image, </script> in JSON, ]]>).

What is asserted, and how (builds are expensive, so each is used fully):

1. Refusals (the domain loaders the hooks call, no build): a wrong type, a
   100 KB string or an invisible character is refused, in every field; each
   refusal is a Chinese message naming the file, the line and the field
   (entry.field), never English from pydantic, never a 100 KB echo; no
   loader raises anything but its own DataFileError (a traceback in the build).
2. Whole-file mistakes, built: no traceback, the message in the build's
   output, the build fails (or, for a file that may be empty, succeeds).
3. Refused entries, built: the other entries still produce their pages; an
   entry that has no page is named in a message.
4. Payloads, built (one build per payload, every field that accepts it
   filled with it at once, each with its own marker): no traceback, no
   warning, every entry's page there, and tests/output_safety.py finds
   nothing executable or loaded from another host in any HTML, JSON, XML or
   calendar file; each payload is shown as typed (Markdown fields: sanitised).

Counts are printed at the end (run with -s or see the terminal summary):
cases, refused clearly, escaped (shown as typed), sanitised (Markdown).
Run alone: ./run test -m mutation (or this file).
"""

from __future__ import annotations

import re
import shutil
from collections import Counter
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from conftest import BuildResult, mkdocs_build
from mhsite.common.data_files import DataError
from mutations import (
    BY_NAME,
    FIELD_CLASSES,
    PAYLOADS,
    TARGETS,
    Case,
    Key,
    Loaders,
    Tally,
    Verdict,
    copy_base,
    entry_of,
    evaluate,
    expected_pages,
    field_cases,
    field_value,
    file_cases,
    file_text,
    get_in,
    marker,
    read_target,
    shown_path,
    split_front_matter,
    join_front_matter,
    write_target,
    apply_field,
    set_in,
)
from output_safety import Scanner

pytestmark = pytest.mark.mutation

CJK = re.compile(r"[\u4e00-\u9fff]")
# Pydantic's and Python's English, which editors must never get.
ENGLISH = re.compile(r"Input should|should be|Field required|validation error|Value error|[A-Za-z]+Error\b|Traceback")
TRACEBACK = re.compile(r"Traceback \(most recent call last\)|^\w+(?:Error|Exception): |\b[A-Z][A-Za-z]+(?:Error|Exception): ", re.M)
# hook_support.guarded's words for an exception nobody foresaw: no traceback,
# but no line or field either. A mutation that gets there is a fault.
UNFORESEEN = "没有预料到的写法"
MAX_MESSAGE = 1000

TALLY = Tally()

# Whole-file cases that stop the build at once (PluginError): each built alone.
# The others leave the build going with warnings and are built together, one
# build per class. content.yml is alone too: without it no front matter is
# checked. A YAML error takes the same path in every hook as a key written
# twice (data_files.parse_yaml raises, the hook reports): the loaders judge it.
# audiences.yml is read before every file that names its groups: without it
# the hotlines have none, so no crisis line, and the build stops.
STOPPING = {"audiences", "hotlines", "authors", "post"}
BUILT_ALONE_DUPLICATE = {"audiences", "hotlines", "stations", "events", "emergency", "faq", "content", "holidays", "authors", "post"}


# -- Fixtures -----------------------------------------------------------------


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_base(tmp_path_factory.mktemp("mutation") / "base")


@pytest.fixture(scope="module")
def pool() -> Any:
    with ThreadPoolExecutor(max_workers=2) as executor:
        yield executor


def _build(project: Path) -> BuildResult:
    return mkdocs_build(project, project.parent / f"{project.name}-site")


@pytest.fixture(scope="module")
def file_builds(base: Path, pool: ThreadPoolExecutor, tmp_path_factory: pytest.TempPathFactory) -> list[tuple[list[Case], Path, Future]]:
    """The whole-file cases that are built (see STOPPING), started at once."""
    root = tmp_path_factory.mktemp("file-builds")
    groups: list[list[Case]] = []
    together: dict[str, list[Case]] = {}
    for case in file_cases():
        name = case.target.name
        if case.kind == "yaml-error":
            continue
        if case.kind == "duplicate-key":
            if name in BUILT_ALONE_DUPLICATE:
                groups.append([case])
            else:
                together.setdefault(case.kind, []).append(case)
        elif name in STOPPING or name == "content" or (name == "holidays" and case.kind == "wrong-top"):
            groups.append([case])
        elif name == "holidays":
            together.setdefault(case.kind, []).append(case)
        else:
            together.setdefault(case.kind, []).append(case)
    groups += list(together.values())
    out = []
    for number, group in enumerate(groups):
        project = root / f"p{number}"
        shutil.copytree(base, project)
        for case in group:
            (project / case.target.rel).write_text(file_text(base, case), encoding="utf-8")
        out.append((group, project, pool.submit(_build, project)))
    return out


@pytest.fixture(scope="module")
def baseline(base: Path, pool: ThreadPoolExecutor, tmp_path_factory: pytest.TempPathFactory) -> Future:
    project = tmp_path_factory.mktemp("baseline") / "project"
    shutil.copytree(base, project)
    return pool.submit(_build, project)


@pytest.fixture(scope="module")
def loaders(base: Path) -> Loaders:
    return Loaders(base)


@pytest.fixture(scope="module")
def verdicts(base: Path, loaders: Loaders, baseline: Future, file_builds: list, tmp_path_factory: pytest.TempPathFactory) -> dict[Case, Verdict]:
    """Every field case judged by the loaders (while the first builds run)."""
    scratch = tmp_path_factory.mktemp("verdicts") / "project"
    shutil.copytree(base, scratch)
    for target in TARGETS:
        assert loaders.errors(base, target) == [], f"the unmutated {target.rel} is refused"
    return evaluate(scratch, loaders, field_cases(base))


# -- 1. Refusals name the file, the line and the field ------------------------


def _related(case: Case, verdict: Verdict, error: DataError) -> bool:
    """Does `error` name the case's field (or, within its entry, a field
    that contains it: hours for hours.mon-fri)?"""
    if error.file != case.target.rel or not error.line:
        return False
    # "hotlines[3] (id).name" → "hotlines[3].name"; the id may be anything an
    # editor wrote, field names after it have no parentheses.
    where = re.sub(r"^(\w+\[\d+\]) \(.*\)", r"\1", error.where, flags=re.S)
    path = verdict.path
    entry = len(entry_of(case.target, path))
    # A message is one line: a newline in a key is shown as ⏎ (data_files).
    shown = re.sub(r"\r\n|[\r\n\u2028\u2029]", "⏎", shown_path(path))
    least = shown_path(path[: entry + 1])
    if "…（共" in where:  # a 100 KB key, clipped (data_files.DataError)
        where = where.split("…（共")[0]
        return shown.startswith(where) and len(where) >= len(least) and bool(error.line)
    if not (where == shown or where.startswith((shown + ".", shown + "[")) or (shown.startswith((where + ".", where + "[")) and len(where) >= len(least))):
        return False
    # The line of the field, of something in it, or of a field containing it.
    lines = {line for loc, line in verdict.lines.items() if loc[: len(path)] == path or (len(loc) > entry and path[: len(loc)] == loc)}
    return error.line in lines


def _message_problem(error: DataError) -> str | None:
    text = str(error)
    if not CJK.search(error.message):
        return "not in Chinese"
    if ENGLISH.search(error.message):
        return "English from Python or pydantic"
    if "\n" in text or "\r" in text:
        return "more than one line (one line per mistake)"
    if len(text) > MAX_MESSAGE:
        return f"{len(text):,} characters long (the whole value repeated?)"
    return None


def field_failures(verdicts: dict[Case, Verdict]) -> tuple[list[str], int, int]:
    failures, refused, accepted = [], 0, 0
    for case, verdict in verdicts.items():
        if verdict.exception is not None:
            failures.append(f"{case}: the loader raised {type(verdict.exception).__name__}: {verdict.exception}"[:400])
            continue
        if not verdict.errors:
            accepted += 1
            if not case.payload_kind:
                failures.append(f"{case}: accepted without a word")
            continue
        named = [e for e in verdict.errors if _related(case, verdict, e)]
        if case.target.kind == "operator" and "categories_allowed" in case.path[0]:
            # A category renamed in mkdocs.yml: the posts that have it say so too.
            named += [e for e in verdict.errors if e.file.startswith("docs/news/posts/") and e.where.startswith("categories[") and e.line]
        if not named:
            listed = "; ".join(str(e)[:200] for e in verdict.errors)
            failures.append(f"{case}: no message names {shown_path(verdict.path)} with its line; got: {listed}")
            continue
        problems = [p for p in map(_message_problem, named) if p]
        if len(problems) == len(named):
            failures.append(f"{case}: message {problems[0]}: {str(named[0])[:300]}")
            continue
        refused += 1
    return failures, refused, accepted


def test_every_field_refuses_what_it_cannot_hold_with_file_line_and_field(verdicts: dict[Case, Verdict]) -> None:
    failures, refused, accepted = field_failures(verdicts)
    TALLY.cases += len(verdicts)
    TALLY.refused += refused
    by_class = Counter(c.kind for c, v in verdicts.items() if v.refused)
    print(f"\nfield cases: {len(verdicts)}; refused clearly: {refused}; accepted (payloads, built below): {accepted}; refused by class: {dict(by_class)}")
    assert not failures, f"{len(failures)} field cases fail:\n" + "\n".join(failures)


# -- 2. Whole-file mistakes ---------------------------------------------------


def _output_problems(result: BuildResult) -> list[str]:
    problems = []
    if TRACEBACK.search(result.output):
        problems.append("a Python traceback or exception in the output")
    if UNFORESEEN in result.output:
        problems.append("hook_support.guarded's message for an unforeseen exception (no line, no field)")
    return problems


def test_whole_file_mistakes_are_refused_by_name_without_traceback(base: Path, loaders: Loaders, file_builds: list, tmp_path_factory: pytest.TempPathFactory) -> None:
    scratch = tmp_path_factory.mktemp("file-cases") / "project"
    shutil.copytree(base, scratch)
    failures = []
    refused = 0
    expected: dict[Case, list[DataError]] = {}
    cases = file_cases()
    for case in cases:
        path = scratch / case.target.rel
        original = path.read_text(encoding="utf-8")
        text = file_text(base, case)
        path.write_text(text, encoding="utf-8")
        try:
            errors = loaders.errors(scratch, case.target)
        except Exception as exc:  # noqa: BLE001
            failures.append(f"{case}: the loader raised {type(exc).__name__}: {exc}")
            continue
        finally:
            path.write_text(original, encoding="utf-8")
        expected[case] = errors
        if not errors:
            if not (case.target.may_be_empty and case.kind in ("empty", "null")):
                failures.append(f"{case}: accepted without a word")
            continue
        mine = [e for e in errors if e.file == case.target.rel]
        if not mine:
            failures.append(f"{case}: no message names the file; got {[str(e) for e in errors]}")
            continue
        if case.kind in ("duplicate-key", "yaml-error") and not any(e.line for e in mine):
            failures.append(f"{case}: no line in {[str(e) for e in mine]}")
            continue
        problems = [_message_problem(e) for e in mine]
        if all(problems):
            failures.append(f"{case}: message {problems[0]}: {mine[0]}")
            continue
        refused += 1

    for group, project, future in file_builds:
        result = future.result()
        TALLY.file_builds += 1
        names = ", ".join(str(c) for c in group)
        for problem in _output_problems(result):
            failures.append(f"build of {names}: {problem}:\n{result.output[-3000:]}")
        must_fail = any(expected.get(c) for c in group)
        if must_fail and result.returncode == 0:
            failures.append(f"build of {names}: succeeded")
        if not must_fail and result.returncode != 0:
            failures.append(f"build of {names}: failed:\n{result.output[-3000:]}")
        for case in group:
            missing = [str(e) for e in expected.get(case, []) if str(e) not in result.output]
            if missing:
                failures.append(f"build of {names}: {case}: message not in the output: {missing[:3]}\n{result.output[-2000:]}")
    TALLY.cases += len(cases)
    TALLY.refused += refused
    print(f"\nfile cases: {len(cases)}; refused clearly: {refused}; builds: {len(file_builds)}")
    assert not failures, f"{len(failures)} whole-file cases fail:\n" + "\n".join(failures)


# -- 3. A refused entry leaves the others -------------------------------------


def _exists(path: Path) -> bool:
    try:
        return path.exists()
    except OSError:  # a name no file system takes (an id 100 KB long)
        return False


def _pages_missing(site: Path, project: Path, output: str) -> list[str]:
    """Entries of `project` without their page, where no message names them."""
    missing = []
    for expected in expected_pages(project):
        found = sorted(site.glob(expected.page)) if "*" in expected.page else [site / expected.page]
        found = [f for f in found if _exists(f)]
        if found and (expected.anchor is None or f'id="{expected.anchor}"' in found[0].read_text(encoding="utf-8")):
            continue
        if re.search(expected.named_by, output):
            continue  # refused, and said so
        missing.append(f"{expected.page}{'#' + expected.anchor if expected.anchor else ''}")
    return missing


BODY_PAYLOADS = [
    ("<script>jxb01()</script>", "<script>"),
    ('<img src="https://tracker.example/p.gif" alt="">', "从其他网站加载"),
    ("[点我](javascript:jxb03())", "javascript:"),
    ("## 小标题 { onfocus=jxb04() autofocus }", "onfocus"),
    ('<iframe src="https://example.net/"></iframe>', "<iframe>"),
    ('<form action="https://example.net/"><input name="q"></form>', "<form>"),
]


def test_a_refused_entry_leaves_every_other_entry_and_is_named(base: Path, loaders: Loaders, verdicts: dict[Case, Verdict], tmp_path_factory: pytest.TempPathFactory) -> None:
    project = tmp_path_factory.mktemp("refusals") / "project"
    shutil.copytree(base, project)
    # One refused field in one entry of each list, of each class in turn, and
    # in the questionnaire and the pages (files that stop the build, or
    # whose refusal hides others', are left to the tests above).
    chosen: list[Case] = []
    classes = iter(FIELD_CLASSES * 20)
    for target in TARGETS:
        if target.name in ("content", "holidays", "authors", "post", "operator", "audiences"):
            continue
        candidates = [c for c, v in verdicts.items() if c.target is target and v.refused and v.exception is None]
        wanted = next(classes)
        pick = next((c for c in candidates if c.kind == wanted), candidates[0] if candidates else None)
        if pick is not None:
            chosen.append(pick)
    for case in chosen:
        apply_field(project, case)
    # A page body (Markdown with HTML allowed as layout) with what it may
    # not have: each is named with its line (hooks/page_body.py).
    body_page = project / "docs/articles/anxiety-basics.md"
    text = body_page.read_text(encoding="utf-8").rstrip("\n") + "\n"
    body_lines = {}
    for snippet, words in BODY_PAYLOADS:
        text += "\n"
        body_lines[snippet] = (text.count("\n") + 1, words)
        text += snippet + "\n"
    body_page.write_text(text, encoding="utf-8")
    result = _build(project)
    failures = _output_problems(result)
    for snippet, (line, words) in body_lines.items():
        if not re.search(rf"WARNING -  docs/articles/anxiety-basics\.md:{line}: [^\n]*{re.escape(words)}", result.output):
            failures.append(f"page body: {snippet!r} (line {line}) not named with its line and {words!r}")
    if result.returncode == 0:
        failures.append("the build succeeded")
    build_loaders = Loaders(project)
    for case in chosen:
        errors = build_loaders.errors(project, case.target)
        absent = [str(e) for e in errors if str(e) not in result.output]
        if not errors or absent:
            failures.append(f"{case}: message not in the output: {absent or 'none'}")
    failures += [f"silently dropped: {m}" for m in _pages_missing(result.site, project, result.output)]
    print(f"\nrefusal build: {len(chosen)} refused fields in one build; every other entry checked")
    assert not failures, "\n".join(failures) + "\n" + result.output[-4000:]


# -- 4. Payloads produce nothing executable -----------------------------------


def _rename_in_pages(project: Path, field: str, old: str, new: str) -> None:
    """A vocabulary item renamed in content.yml: the pages that use it follow."""
    for path in sorted((project / "docs").glob("**/*.md")):
        text = path.read_text(encoding="utf-8")
        if not text.startswith("---"):
            continue
        try:
            data, body = split_front_matter(text)
        except AssertionError:
            continue
        values = data.get(field) if isinstance(data, dict) else None
        if isinstance(values, list) and old in values:
            data[field] = [new if v == old else v for v in values]
            path.write_text(join_front_matter(data, body), encoding="utf-8")


def payload_project(root: Path, kind: str, verdicts: dict[Case, Verdict], base: Path) -> tuple[Path, dict[str, tuple[Case, str]]]:
    """A project where every field that accepts payload `kind` has it (each
    with its own marker). Returns marker → (case, the value as typed)."""
    project = root / f"payload-{kind}"
    shutil.copytree(base, project)
    cases = [c for c, v in verdicts.items() if c.payload_kind == kind and not v.refused]
    marks: dict[str, tuple[Case, str]] = {}
    number = 0
    content = read_target(base, BY_NAME["content"])[0]
    for target in TARGETS:
        group = [c for c in cases if c.target is target]
        if not group:
            continue
        if target.kind == "operator":
            for case in group:
                number += 1
                value = field_value(case, None, marker(number))
                apply_field(project, case, marker(number))
                marks[marker(number)] = (case, value)
            continue
        data, body = read_target(project, target)
        for case in group:
            number += 1
            original = None if isinstance(case.path[-1], Key) else get_in(data, case.path)
            value = field_value(case, original, marker(number))
            set_in(data, case.path, value)
            marks[marker(number)] = (case, value)
            if target.name == "content":
                field, index = case.path[0], case.path[1]
                _rename_in_pages(project, {"tags": "tags", "age_groups": "ages"}[field], content[field][index], value)
        write_target(project, target, data, body)
    return project, marks


@pytest.fixture(scope="module")
def payload_builds(base: Path, verdicts: dict[Case, Verdict], pool: ThreadPoolExecutor, tmp_path_factory: pytest.TempPathFactory) -> list[tuple[str, Path, dict, Future]]:
    root = tmp_path_factory.mktemp("payloads")
    out = []
    for kind in PAYLOADS:
        project, marks = payload_project(root, kind, verdicts, base)
        out.append((kind, project, marks, pool.submit(_build, project)))
    return out


def test_payloads_in_every_field_produce_nothing_executable(baseline: Future, payload_builds: list) -> None:
    reference = baseline.result()
    assert reference.returncode == 0, reference.output
    site_scan = Scanner(None, {}).site(reference.site)
    assert not site_scan.findings, "the unmutated site breaks the scanner's rules:\n" + "\n".join(map(str, site_scan.findings))
    known_scripts = site_scan.inline_scripts
    failures: list[str] = []
    escaped = sanitised = 0
    not_shown: list[str] = []
    for kind, project, marks, future in payload_builds:
        result = future.result()
        TALLY.payload_builds += 1
        problems = _output_problems(result)
        if result.returncode != 0:
            problems.append("the build failed")
        # Fields judged one at a time accept the payload; all at once too.
        build_loaders = Loaders(project)
        for target in TARGETS:
            problems += [f"refused when filled together: {e}" for e in build_loaders.errors(project, target)]
        if problems:
            failures.append(f"payload {kind}: " + "; ".join(problems) + "\n" + result.output[-3000:])
            continue
        failures += [f"payload {kind}: silently dropped: {m}" for m in _pages_missing(result.site, project, "")]
        events_data = read_target(project, BY_NAME["events"])[0]
        event_ids = [e["id"] for e in events_data["events"]]
        scanner = Scanner(known_scripts, {m: (value, case.is_markdown) for m, (case, value) in marks.items()})
        scan = scanner.site(result.site, [f"events/{i}/{i}.ics" for i in event_ids], len(event_ids))
        blamed: dict[str, list[str]] = {}
        for finding in scan.findings:
            markers = finding.markers & set(marks)
            if not markers:
                failures.append(f"payload {kind}: {finding}")
            for mark in markers:
                blamed.setdefault(mark, []).append(str(finding))
        for mark, (case, value) in sorted(marks.items()):
            if mark in blamed:
                failures.append(f"{case} ({mark}): " + " | ".join(blamed[mark][:3])[:1500])
            elif mark in scan.altered:
                failures.append(f"{case} ({mark}): not shown as typed {value!r}: " + " | ".join(sorted(scan.altered[mark])[:2])[:1200])
            elif mark in scan.shown:
                if case.is_markdown:
                    sanitised += 1
                else:
                    escaped += 1
            elif case.is_markdown:
                sanitised += 1  # the sanitiser removed it whole (a javascript: link, an image)
            else:
                not_shown.append(str(case))
    TALLY.escaped += escaped
    TALLY.sanitised += sanitised
    TALLY.not_shown += not_shown
    print(f"\npayload builds: {len(payload_builds)}; escaped (shown as typed): {escaped}; sanitised (Markdown): {sanitised}; accepted but not in any output: {len(not_shown)}")
    assert not failures, f"{len(failures)} payload cases fail:\n" + "\n".join(failures)


def test_summary(capsys: pytest.CaptureFixture[str]) -> None:
    """The counts the issue asks for (always printed)."""
    with capsys.disabled():
        print(
            f"\nmutation test: {TALLY.cases} cases; refused clearly {TALLY.refused}; "
            f"escaped {TALLY.escaped}; sanitised (Markdown) {TALLY.sanitised}; "
            f"accepted, not in any output {len(TALLY.not_shown)}; "
            f"builds: {TALLY.file_builds} whole-file, {TALLY.payload_builds} payload, 1 refusal, 1 unmutated"
        )
        if TALLY.not_shown:
            print("  accepted, not in any output: " + "; ".join(sorted(TALLY.not_shown)))
