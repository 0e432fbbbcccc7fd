"""`make bench`: build time, page weight and Lighthouse scores, measured on this machine.

Not part of `make test`: speed and size are measured here, never asserted in tests.

1. Build: the real site, and generated sites of 100, 300 and 1,000 extra chapters (in
   nav sections of 25) that each embed a checklist, built with our pipeline (macros, hooks, validation) and, beside
   it, the same final content (every macro already expanded) built with plain Material and
   no macros or hooks. Builds alternate in one process; the median of the rounds is kept.
2. Weight: bytes each page of the real site transfers, gzip-compressed (HTML plus the
   stylesheets and scripts it loads), ours against plain; and what the workbook's own
   JavaScript and CSS add.
3. Lighthouse (mobile preset) on the home page, a chapter and a checklist page, served
   compressed from loopback, when `lighthouse` is installed (`make bench` installs it).

Prints a table and writes build/bench.json.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import gzip
import http.server
import io
import json
import logging
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "build" / "bench.json"
SIZES = (100, 300, 1000)
PART_SIZE = 25  # generated chapters per nav section
LIGHTHOUSE = ROOT / ".cache" / "lighthouse" / "node_modules" / ".bin" / "lighthouse"
LH_PAGES = {"home": "", "chapter": "chapters/beneficence/", "checklist": "workbook/boundaries/"}
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")

# Dumps each page's Markdown as MkDocs is about to convert it (after every macro), so the
# plain build gets exactly the same content. Hooks run after plugins.
DUMP_HOOK = '''
from pathlib import Path
def on_page_markdown(markdown, page, config, files):
    out = Path(config["extra"]["bench_dump"]) / page.file.src_uri
    out.parent.mkdir(parents=True, exist_ok=True)
    meta = "".join(f"{k}: {v!r}\\n" for k, v in page.meta.items() if k == "description")
    out.write_text(("---\\n" + meta + "---\\n\\n" if meta else "") + markdown, encoding="utf-8")
    return markdown
'''


def generated_chapter(n: int, checklist: str, body: str) -> str:
    return (f"---\ndescription: Generated chapter {n} for the benchmark.\n---\n\n# Generated chapter {n}\n\n"
            f"{body}\n\n## Reflection checklist\n\n{{{{ checklist(\"{checklist}\") }}}}\n")


def make_project(where: Path, chapters: int) -> Path:
    """A copy of the real project with `chapters` generated chapters added."""
    shutil.copytree(ROOT / "docs", where / "docs")
    shutil.copytree(ROOT / "overrides", where / "overrides")
    shutil.copy(ROOT / "macros.py", where)
    base = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    (where / "base.yml").write_text(base, encoding="utf-8")
    ids = sorted(p.stem for p in (ROOT / "docs" / "workbook").glob("*.yml"))
    source = (ROOT / "docs" / "chapters" / "relationship.md").read_text(encoding="utf-8")
    body = source.split("## Core ideas", 1)[1].split("## Reflection checklists", 1)[0]
    body = "## Core ideas" + re.sub(r"\]\((?!https?:)[^)]*\)", "](#core-ideas)", body)
    names = []
    for n in range(1, chapters + 1):
        name = f"chapters/gen/c{n:04d}.md"
        (where / "docs" / name).parent.mkdir(parents=True, exist_ok=True)
        (where / "docs" / name).write_text(generated_chapter(n, ids[n % len(ids)], body), encoding="utf-8")
        names.append(name)
    nav = re.search(r"^nav:\n(.*)", base, re.S | re.M).group(1)
    # Parts of PART_SIZE chapters, as a long book would be organized (a single section of
    # 1,000 siblings would make every one of its pages list all 1,000).
    extra_nav = "".join(
        (f"      - Part {i // PART_SIZE + 1}:\n" if i % PART_SIZE == 0 else "") + f"          - {name}\n"
        for i, name in enumerate(names))
    if names:
        nav = nav.replace("  - Workbook:", f"  - Generated:\n{extra_nav}  - Workbook:", 1)
    (where / "mkdocs.yml").write_text(f"INHERIT: base.yml\nnav:\n{nav}", encoding="utf-8")
    return where / "mkdocs.yml"


def make_plain(ours: Path, where: Path) -> Path:
    """The same final content, for plain Material: build ours once, dumping expanded Markdown."""
    dump = where / "docs"
    hook = ours.parent / "bench_dump.py"
    hook.write_text(DUMP_HOOK, encoding="utf-8")
    config = ours.read_text(encoding="utf-8")
    ours.write_text(config + f"extra:\n  bench_dump: {json.dumps(str(dump))}\nhooks:\n"
                    "  - overrides/hooks/workbook.py\n  - overrides/hooks/csp.py\n  - bench_dump.py\n", encoding="utf-8")
    build_once(ours, where / "ignored-site")
    ours.write_text(config, encoding="utf-8")
    hook.unlink()
    base = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    plain = re.sub(r"^plugins:.*?(?=^extra_css:)", "plugins:\n  - search\n\n", base, flags=re.S | re.M)
    plain = re.sub(r"^extra_css:.*?(?=^markdown_extensions:)", "", plain, flags=re.S | re.M)
    plain = re.sub(r"^exclude_docs:.*?(?=^validation:)", "", plain, flags=re.S | re.M)
    plain = plain.replace("  custom_dir: overrides\n", "")
    plain = re.sub(r"^watch:\n(  - .*\n)+", "", plain, flags=re.M)
    nav = re.search(r"^nav:\n(.*)", ours.read_text(encoding="utf-8"), re.S | re.M).group(1)
    ids = sorted(p.stem for p in (ours.parent / "docs" / "workbook").glob("*.yml"))
    nav = nav.replace("      - workbook/index.md\n", "      - workbook/index.md\n" + "".join(f"      - workbook/{i}.md\n" for i in ids))
    plain = plain.split("\nnav:\n")[0] + "\nnav:\n" + nav
    (where / "mkdocs.yml").write_text(plain, encoding="utf-8")
    return where / "mkdocs.yml"


def build_once(config: Path, site_dir: Path) -> float:
    """One complete build in this process (config loading included); returns seconds."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    cwd = os.getcwd()
    os.chdir(config.parent)
    try:
        start = time.perf_counter()
        cfg = load_config(str(config), site_dir=str(site_dir), strict=True)
        cfg.plugins.on_startup(command="build", dirty=False)
        try:
            build(cfg)
        finally:
            cfg.plugins.on_shutdown()
        return time.perf_counter() - start
    finally:
        os.chdir(cwd)


def count_pages(site_dir: Path) -> int:
    return sum(1 for p in site_dir.rglob("*.html") if "assets" not in p.parts)


def measure_builds(rounds: int) -> list[dict]:
    rows = []
    for chapters in (0, *SIZES):
        with tempfile.TemporaryDirectory() as tmp:
            tmp = Path(tmp)
            ours = make_project(tmp / "ours", chapters)
            plain = make_plain(ours, tmp / "plain")
            build_once(ours, tmp / "warm-ours")  # warm caches and imports for both
            build_once(plain, tmp / "warm-plain")
            times = {"ours": [], "plain": []}
            for _ in range(rounds):
                for name, config in (("ours", ours), ("plain", plain)):
                    times[name].append(build_once(config, tmp / f"site-{name}"))
            pages = {name: count_pages(tmp / f"site-{name}") for name in times}
            ours_s, plain_s = statistics.median(times["ours"]), statistics.median(times["plain"])
            rows.append({
                "site": "real site" if not chapters else f"+{chapters} chapters",
                "pages": pages["ours"], "plain_pages": pages["plain"],
                "ours_ms_per_page": 1000 * ours_s / pages["ours"],
                "plain_ms_per_page": 1000 * plain_s / pages["plain"],
                "ours_s": ours_s, "plain_s": plain_s, "ratio": ours_s / plain_s,
                "rounds": rounds,
            })
            print(f"  built {rows[-1]['site']}: ours {ours_s:.2f} s, plain {plain_s:.2f} s", flush=True)
    return rows


def gz(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=9))


def page_weight(site_dir: Path, html_path: Path) -> int:
    """HTML plus every same-site stylesheet and script it loads, each gzip-compressed."""
    html = html_path.read_bytes()
    total = gz(html)
    for ref in re.findall(rb'<(?:link[^>]+rel="stylesheet"[^>]+href|script[^>]+src)="([^"]+)"', html):
        target = (html_path.parent / ref.decode().split("?")[0]).resolve()
        if target.is_file():
            total += gz(target.read_bytes())
    return total


def measure_weight() -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        ours = make_project(tmp / "ours", 0)
        plain = make_plain(ours, tmp / "plain")
        build_once(ours, tmp / "site-ours")
        build_once(plain, tmp / "site-plain")
        pages = {}
        for html in sorted((tmp / "site-ours").rglob("index.html")):
            rel = html.relative_to(tmp / "site-ours")
            other = tmp / "site-plain" / rel
            if "assets" in rel.parts or "search" in rel.parts or not other.exists():
                continue
            pages[str(rel.parent) + "/"] = {"ours": page_weight(tmp / "site-ours", html),
                                            "plain": page_weight(tmp / "site-plain", other)}
    own = {name: gz((ROOT / "docs" / "assets" / name).read_bytes()) for name in ("workbook.css", "workbook.js")}
    return {"pages": pages, "own_assets_gzip": own, "own_assets_total": sum(own.values())}


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Serves files gzip-compressed, as a real static host does."""

    def log_message(self, *args):
        pass

    def send_head(self):
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            path = os.path.join(path, "index.html")
        if not os.path.isfile(path) or "gzip" not in self.headers.get("Accept-Encoding", ""):
            return super().send_head()
        body = gzip.compress(Path(path).read_bytes())
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=3600")
        self.end_headers()
        return io.BytesIO(body)


@contextlib.contextmanager
def serve_gzip(directory: Path, port: int):
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", port), functools.partial(GzipHandler, directory=str(directory)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:
        httpd.shutdown()
        httpd.server_close()


def measure_lighthouse() -> dict:
    if not LIGHTHOUSE.exists():
        return {"skipped": f"lighthouse not installed at {LIGHTHOUSE}"}
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        site_dir = Path(tmp) / "site"
        env = dict(os.environ, SITE_URL=f"http://127.0.0.1:{port}/", NO_MKDOCS_2_WARNING="1")
        subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(site_dir)],
                       cwd=ROOT, env=env, check=True, capture_output=True)
        with serve_gzip(site_dir, port) as url:
            for name, path in LH_PAGES.items():
                report = Path(tmp) / f"{name}.json"
                flags = ("--headless=new --no-sandbox --disable-gpu --disable-background-networking "
                         "--disable-component-update --disable-sync --no-first-run")
                run = subprocess.run(
                    [str(LIGHTHOUSE), url + path, "--quiet", "--output=json", f"--output-path={report}",
                     f"--chrome-flags={flags}", "--only-categories=performance,accessibility,best-practices,seo"],
                    env=dict(os.environ, CHROME_PATH=CHROMIUM), capture_output=True, text=True, timeout=300)
                if run.returncode != 0 or not report.exists():
                    results[name] = {"error": (run.stderr or run.stdout)[-500:]}
                    continue
                data = json.loads(report.read_text(encoding="utf-8"))
                results[name] = {key: round(cat["score"] * 100) if cat["score"] is not None else None
                                 for key, cat in data["categories"].items()}
                results[name]["failed_audits"] = sorted(
                    a["id"] for a in data["audits"].values()
                    if a.get("score") is not None and a["score"] < 0.9 and a.get("scoreDisplayMode") in ("binary", "numeric"))
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3, help="timed builds of each kind per size (median kept)")
    parser.add_argument("--skip", nargs="*", default=[], choices=["build", "weight", "lighthouse"])
    args = parser.parse_args()
    logging.disable(logging.WARNING)  # MkDocs' INFO lines would drown the table
    os.environ["NO_MKDOCS_2_WARNING"] = "1"
    report: dict = {"machine": f"{os.cpu_count()} cores", "python": sys.version.split()[0]}

    if "build" not in args.skip:
        print("Build time (median of alternating builds, one process)")
        report["build"] = measure_builds(args.rounds)
        print(f"  {'site':<16}{'pages':>7}{'ours ms/page':>14}{'plain ms/page':>15}{'ours/plain':>12}")
        for row in report["build"]:
            print(f"  {row['site']:<16}{row['pages']:>7}{row['ours_ms_per_page']:>14.1f}"
                  f"{row['plain_ms_per_page']:>15.1f}{row['ratio']:>12.2f}")
        per_page = [row["ours_ms_per_page"] for row in report["build"][1:]]
        report["build_linear_spread"] = max(per_page) / min(per_page)
        print(f"  cost per page, largest/smallest generated site: {report['build_linear_spread']:.2f} "
              "(1.00 is perfectly linear); target ratio ours/plain <= 1.10")

    if "weight" not in args.skip:
        print("\nWeight per page (gzip bytes: HTML + stylesheets + scripts)")
        report["weight"] = measure_weight()
        print(f"  {'page':<28}{'ours':>9}{'plain':>9}{'added':>8}")
        for page, w in report["weight"]["pages"].items():
            print(f"  {page:<28}{w['ours']:>9}{w['plain']:>9}{w['ours'] - w['plain']:>8}")
        own = report["weight"]["own_assets_gzip"]
        print(f"  workbook.css {own['workbook.css']} B + workbook.js {own['workbook.js']} B = "
              f"{report['weight']['own_assets_total']} B gzip (target <= 8192 B)")

    if "lighthouse" not in args.skip:
        print("\nLighthouse, mobile preset, served gzip-compressed from loopback")
        report["lighthouse"] = measure_lighthouse()
        for name, scores in report["lighthouse"].items():
            print(f"  {name:<10}{scores}")

    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"\nWrote {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
