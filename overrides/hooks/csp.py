"""MkDocs hook: a Content-Security-Policy for every page, as a <meta> tag.

Static hosts often cannot set headers, so the policy travels in each page. Scripts
may come only from the site itself, plus the theme's few inline scripts, allowed by
their SHA-256 hashes computed here after the build. Nothing may be loaded from, or
sent to, any other host. (frame-ancestors cannot be set from a meta tag; set it as a
header where the host allows.)
"""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>(.*?)</script>", re.S)
POLICY = ("default-src 'self'; script-src 'self' {hashes}; style-src 'self'; img-src 'self' data:; "
          "font-src 'self'; connect-src 'self'; worker-src 'self'; object-src 'none'; base-uri 'self'; "
          "form-action 'none'")


def _hash(script: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode() + "'"


def on_post_build(config):
    if config["extra"].get("offline"):
        return  # pages opened from disk have no origin for 'self' to match; they load nothing remote
    pages = list(Path(config["site_dir"]).rglob("*.html"))
    texts = {page: page.read_text(encoding="utf-8") for page in pages}
    # One policy for the whole site: instant navigation keeps the first page's policy.
    hashes = sorted({_hash(m) for text in texts.values() for m in INLINE_SCRIPT.findall(text)})
    meta = f'<meta http-equiv="Content-Security-Policy" content="{POLICY.format(hashes=" ".join(hashes))}">'
    charset = '<meta charset="utf-8">'
    for page, text in texts.items():
        # After the charset (which must come first), before any script.
        if charset in text and 'http-equiv="Content-Security-Policy"' not in text:
            page.write_text(text.replace(charset, charset + "\n    " + meta, 1), encoding="utf-8")
