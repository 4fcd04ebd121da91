"""The documentation stands alone: every relative link in README.md and docs/ leads to a file of the
repository (and to a heading of it, where the link names one)."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
PAGES = [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]
LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")


def _slug(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens."""
    text = re.sub(r"[`*_]", "", heading.strip().lower())
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def _anchors(page: Path) -> set[str]:
    return {_slug(m) for m in re.findall(r"^#+ (.+)$", page.read_text(encoding="utf-8"), flags=re.M)}


def _links(page: Path) -> list[str]:
    text = re.sub(r"```.*?```", "", page.read_text(encoding="utf-8"), flags=re.S)
    return [t for t in LINK.findall(text) if not re.match(r"[a-z]+:", t)]


def test_slug_follows_github():
    assert _slug("7. The pari-mutuel pool: what a tip is worth") == "7-the-pari-mutuel-pool-what-a-tip-is-worth"
    assert _slug("football-data.co.uk season files") == "football-datacouk-season-files"


@pytest.mark.parametrize("page", PAGES, ids=[str(p.relative_to(REPO)) for p in PAGES])
def test_relative_links_resolve(page):
    assert (REPO / "docs" / "README.md").is_file()
    for target in _links(page):
        path, _, anchor = target.partition("#")
        dest = (page.parent / path).resolve() if path else page
        assert dest.exists(), f"{page.name}: link {target!r} leads nowhere"
        if anchor and dest.suffix == ".md":
            assert anchor in _anchors(dest), f"{page.name}: no heading for #{anchor} in {dest.name}"


def test_docs_index_lists_every_page():
    index = (REPO / "docs" / "README.md").read_text(encoding="utf-8")
    for page in (REPO / "docs").glob("*.md"):
        if page.name != "README.md":
            assert f"({page.name})" in index, f"docs/README.md does not link {page.name}"


def _linked_pages(page: Path) -> set[Path]:
    return {(page.parent / t.partition("#")[0]).resolve() for t in _links(page) if t.partition("#")[0]}


def test_every_docs_page_is_reachable_from_the_readme():
    """Nothing moved out of the README is lost: each page of docs/ is linked from the README or from the
    docs index, and the README links the index."""
    readme, index = REPO / "README.md", REPO / "docs" / "README.md"
    from_readme = _linked_pages(readme)
    assert index.resolve() in from_readme, "README.md does not link docs/README.md"
    reachable = from_readme | _linked_pages(index)
    missing = [p.name for p in sorted((REPO / "docs").glob("*.md")) if p.resolve() not in reachable]
    assert not missing, f"not linked from README.md or docs/README.md: {missing}"


def test_readme_stays_a_short_user_guide():
    """The README is the user guide (the rest lives in docs/): short, and it keeps the two commands a
    newcomer runs."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    assert len(text.splitlines()) <= 420
    for command in ("scripts/demo", "scripts/test"):
        assert command in text, f"README.md no longer shows {command}"


def test_package_and_docs_cite_no_file_a_user_lacks():
    """The package and docs/ explain in their own words; they never send the reader to the project's
    private design notes or to the data folder beside the checkout (tests and scripts may read it)."""
    files = [p for p in (REPO / "toto13").rglob("*") if p.suffix in (".py", ".txt", ".md")]
    files += [*(REPO / "docs").glob("*.md"), REPO / "README.md"]
    found = []
    for path in files:
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            bad = "DESIGN.md" in line or "/work/shared" in line
            if path.parent != REPO:  # the README's Development section may say where the tests look
                bad = bad or "../shared" in line
            if bad:
                found.append(f"{path.relative_to(REPO)}:{n}: {line.strip()}")
    assert not found, "\n".join(found)
