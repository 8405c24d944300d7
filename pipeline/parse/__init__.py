"""Parse stage: one page's bytes (+ sidecar) to an article, its body text and its outline.

Entry point: `parse_page(raw, rel=..., meta=...)` in pages.py."""
