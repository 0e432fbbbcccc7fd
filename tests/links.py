"""Published addresses: every page and permanent anchor a syllabus may link to.

`make links` builds the site and adds any new address to tests/published-links.txt.
Addresses are only ever added: tests/test_links.py fails when a listed address no longer
resolves, directly or through a redirect (mkdocs-redirects), and when a new permanent
address has not been recorded yet.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LIST = ROOT / "tests" / "published-links.txt"
SKIP = ("assets/", "search/", "print_page/")


class _Ids(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids: set[str] = set()
        self.permanent: set[str] = set()
        self.redirect: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs and attrs["id"]:
            self.ids.add(attrs["id"])
            classes = (attrs.get("class") or "").split()
            # Sections (headings, which include checklists), objectives, questions,
            # checklist groups and items, glossary terms.
            if (tag in ("h1", "h2", "h3", "h4", "dt") or attrs["id"].startswith(("objective-", "question-"))
                    or "rt-checklist__item" in classes or "rt-checklist__group" in classes):
                self.permanent.add(attrs["id"])
        if tag == "meta" and attrs.get("http-equiv", "").lower() == "refresh":
            self.redirect = attrs.get("content", "").split("url=", 1)[-1] or None


def parse(html: str) -> _Ids:
    parser = _Ids()
    parser.feed(html)
    return parser


def page_file(site: Path, url: str) -> Path:
    return site / url / "index.html" if url == "" or url.endswith("/") else site / url


def current_addresses(site: Path) -> set[str]:
    """Every page URL and every permanent anchor, as '/url' or '/url#anchor' ('/' is home)."""
    out = set()
    for index in site.rglob("index.html"):
        url = index.parent.relative_to(site).as_posix()
        url = "/" if url == "." else f"/{url}/"
        if url[1:].startswith(SKIP):
            continue
        found = parse(index.read_text(encoding="utf-8"))
        if found.redirect:
            continue
        out.add(url)
        out.update(f"{url}#{anchor}" for anchor in found.permanent)
    return out


def resolve(site: Path, address: str, hops: int = 3) -> str | None:
    """Why an address does not resolve, or None when it does (following redirects)."""
    url, _, anchor = address.partition("#")
    url = url.removeprefix("/")
    path = page_file(site, url)
    if not path.is_file():
        return "no such page"
    found = parse(path.read_text(encoding="utf-8"))
    if found.redirect:
        if hops == 0:
            return "too many redirects"
        target = (path.parent / found.redirect).resolve().relative_to(site.resolve()).as_posix()
        target = "" if target == "." else (target if target.endswith(".html") else target + "/")
        return resolve(site, "/" + target.removesuffix("index.html") + (f"#{anchor}" if anchor else ""), hops - 1)
    if anchor and anchor not in found.ids:
        return f"the page has no anchor '{anchor}'"
    return None


def recorded() -> list[str]:
    return [line.strip() for line in LIST.read_text(encoding="utf-8").splitlines()
            if line.startswith("/")]


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", tmp], cwd=ROOT, check=True)
        current = current_addresses(Path(tmp))
    old = recorded() if LIST.exists() else []
    new = sorted(current - set(old))
    header = ("# Published addresses (/page/, or /page/#anchor). Courses link to these: never delete a line.\n"
              "# Add new ones with `make links`; to move or retire one, see CONTRIBUTING.md.\n")
    LIST.write_text(header + "\n".join(sorted(set(old) | current)) + "\n", encoding="utf-8")
    print(f"{len(new)} new address(es) recorded in {LIST.relative_to(ROOT)}; {len(old) + len(new)} in all.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
