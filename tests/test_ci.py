"""The CI files for each forge (GitHub, GitLab, Gitea/Forgejo) do the same:
test with .ci/run (the README's `./run test`, browser and nginx tests
required), and on the main branch build with the very command the GitHub
workflow uses and publish site/. A change to one forge's build (a publish
flag, say) fails here until the others follow."""

from __future__ import annotations

import yaml

from conftest import ROOT

GITHUB = ROOT / ".github/workflows/publish.yml"
GITLAB = ROOT / ".gitlab-ci.yml"
GITEA = ROOT / ".gitea/workflows/publish.yml"


def load(path):
    # PyYAML reads the key `on` as True (YAML 1.1); it is read as such below.
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def runs(job: dict) -> list[str]:
    return [step["run"].strip() for step in job["steps"] if "run" in step]


def github_build() -> str:
    """The build command of the GitHub workflow's publish job."""
    steps = [step for step in load(GITHUB)["jobs"]["publish"]["steps"] if step.get("name", "").startswith("Build")]
    assert len(steps) == 1
    return steps[0]["run"].strip()


def test_ci_runs_the_readmes_test_command_with_browser_and_nginx_required() -> None:
    script = (ROOT / ".ci/run").read_text(encoding="utf-8")
    assert script.rstrip().splitlines()[-1] == "./run test"
    assert "export REQUIRE_BROWSER=1" in script
    for package in ("chromium", "chromium-driver", "nginx", "fonts-noto-cjk"):
        assert f"missing+=({package})" in script, package
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "./run test     # run the whole test suite" in readme


def test_every_forge_tests_with_ci_run() -> None:
    assert runs(load(GITHUB)["jobs"]["test"])[-1] == "bash .ci/run"
    assert runs(load(GITEA)["jobs"]["test"])[-1] == "bash .ci/run"
    assert load(GITLAB)["test"]["script"] == ["bash .ci/run"]


def test_every_forge_builds_as_the_github_workflow_does_and_only_main_after_the_tests() -> None:
    build = github_build()
    # Publish mode: the build stops if ./run check lists anything (README, "Publishing").
    assert build.startswith("./run publish")

    gitea = load(GITEA)
    publish = gitea["jobs"]["publish"]
    assert build in runs(publish)
    assert publish["needs"] == "test"
    assert publish["if"] == "github.event_name == 'push' && github.ref == 'refs/heads/main'"
    assert gitea[True]["push"] == {"branches": ["main"]} and "pull_request" in gitea[True]
    upload = [step for step in publish["steps"] if str(step.get("uses", "")).startswith("actions/upload-artifact")]
    assert upload and upload[0]["with"]["path"] == "site"

    gitlab = load(GITLAB)
    pages = gitlab["pages"]
    assert pages["script"] == [build, "rm -rf public", "mv site public"]
    # GitLab Pages publishes what the job named `pages` leaves in public/.
    assert pages["artifacts"]["paths"] == ["public"]
    assert pages["needs"] == ["test"]
    assert pages["rules"] == [{"if": "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH"}]


def test_the_gitea_copy_puts_pages_last_and_is_skipped_without_a_server() -> None:
    copy = [step for step in load(GITEA)["jobs"]["publish"]["steps"] if step.get("name") == "Copy to the web server"]
    assert len(copy) == 1
    script = copy[0]["run"]
    assert 'if [ -z "$DEPLOY_HOST" ]' in script
    first, second = [line for line in script.splitlines() if line.strip().startswith("rsync ")]
    assert "--exclude='*.html'" in first and "--exclude='/sw.js'" in first and "--delete" not in first
    assert "--delete-after" in second and "--exclude" not in second


def test_the_readme_says_how_to_use_each() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in (".github/workflows/publish.yml", ".gitlab-ci.yml", ".gitea/workflows/publish.yml", "deploy/nginx.conf",
                 "DEPLOY_HOST", "rsync", "CDN"):
        assert name in readme, name
