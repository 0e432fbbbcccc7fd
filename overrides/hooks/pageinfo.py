"""MkDocs hook: each page's "last updated" date from git, and its "edit this page" link.

One `git log` call per build reads the date of the last commit that touched each file
under docs/. A file never committed (a draft) shows no date; a shallow clone shows the
date of its one commit. Generated checklist pages take their data file's date and edit
link. The edit link is built from `extra.edit_url` (the CI workflow sets it from the
repository); the reader's browser never calls a code host's API. In the offline copy,
canonical links keep the published address.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

_dates: dict[str, str] = {}


def on_config(config):
    _dates.clear()
    docs = Path(config["docs_dir"])
    try:
        top = subprocess.run(["git", "rev-parse", "--show-toplevel"], cwd=docs, capture_output=True,
                             text=True, check=True).stdout.strip()
        log = subprocess.run(["git", "log", "--format=%x00%cs", "--name-only", "--", "."], cwd=docs,
                             capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return config  # not a git checkout: no dates
    prefix = docs.resolve().relative_to(Path(top).resolve()).as_posix() + "/"
    date = None
    for line in log.splitlines():
        if line.startswith("\x00"):
            date = line[1:]
        elif line.startswith(prefix):
            _dates.setdefault(line[len(prefix):], date)  # newest first: keep the first seen
    return config


def _source(page) -> str:
    """The file a contributor edits for this page (a checklist page's YAML file)."""
    src = page.file.src_uri
    return src[:-3] + ".yml" if page.file.generated_by and src.startswith("workbook/") else src


def _published_url(page, config) -> str:
    """The page's address on the published site (directory URLs), even in the offline copy."""
    path = page.file.src_uri[:-3]
    if path == "index" or path.endswith("/index"):
        path = path[:-5]
    else:
        path += "/"
    return config["site_url"].rstrip("/") + "/" + path


def on_page_context(context, page, config, nav):
    if (config["extra"] or {}).get("offline") and config["site_url"]:
        # The offline copy links pages as files (x.html); canonical links, "copy link" and
        # "cite this" must still give the published address a syllabus can use.
        page.canonical_url = _published_url(page, config)
    source = _source(page)
    context["last_updated"] = _dates.get(source)
    base = (config["extra"] or {}).get("edit_url")
    context["edit_link"] = base.rstrip("/") + "/" + source if base else None
    return context
