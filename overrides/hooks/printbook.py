"""MkDocs hook: keep the printable workbook blank and free of duplicate ids.

mkdocs-print-site-plugin joins every chapter into /print_page/. Chapters embed their
checklists, whose note fields and saving tools make no sense on a sheet handed out in
class (and would repeat element ids). This removes them, leaving each checklist's boxes
and the ruled lines for handwritten notes. It runs after the plugin has written the page.

The plugin also adds its script and stylesheets to every page of the site. Only the
printable workbook uses them (the stylesheet would even force A4 paper on every printed
worksheet), so they are taken off the other pages: fewer requests for every reader.
"""

from __future__ import annotations

import re
from pathlib import Path

PRINT_PAGES = ("print_page/index.html", "print_page.html")  # online, offline
INTERACTIVE = [
    re.compile(r'<details class="rt-item-note".*?</details>\s*', re.S),
    re.compile(r'<div class="rt-tools" hidden>.*?</p>\s*</div>\s*', re.S),  # ends with the storage note
    re.compile(r'<label for="[a-z0-9-]*checklist-[a-z0-9-]+-note">.*?</textarea>\s*', re.S),
    # Hints keep their text; their ids (not made unique by the plugin) and references go.
    re.compile(r' aria-describedby="[^"]*-hint"'),
    re.compile(r'(?<=class="rt-checklist__hint") id="[^"]*-hint"'),
    re.compile(r'<p class="rt-progress"[^>]*></p>\s*'),
    re.compile(r'<p class="rt-workbook-link">.*?</p>\s*', re.S),
]

PRINT_ASSETS = re.compile(
    r'<(?:script src="[^"]*js/print-site\.js"></script>|link rel="stylesheet" href="[^"]*css/print-site[a-z-]*\.css">)')


def on_env(env, config, files):
    """The plugin renders the printable workbook with `theme.get_env()`, which builds a new
    Jinja environment and compiles every theme template a second time (about a third of a
    second per build). Hand it the build's own environment, already compiled and already
    extended by the other plugins."""
    config["theme"].get_env = lambda: env
    return env


def on_post_page(output, page, config):
    """Every page but the printable workbook (which the plugin renders after the build)."""
    return PRINT_ASSETS.sub("", output)


def on_post_build(config):
    for name in PRINT_PAGES:
        page = Path(config["site_dir"]) / name
        if page.exists():
            _strip(page)


def _strip(page: Path):
    html = page.read_text(encoding="utf-8")
    for pattern in INTERACTIVE:
        html = pattern.sub("", html)
    page.write_text(html, encoding="utf-8")
