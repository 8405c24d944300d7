"""The tables' counts, cell summary and first rows to one self-contained HTML report."""
from __future__ import annotations

import html
from typing import Any

_STYLE = """
body{font-family:system-ui,"Noto Sans CJK SC","Microsoft YaHei",sans-serif;margin:2em;color:#222}
table{border-collapse:collapse;margin:1em 0;font-size:14px}
td,th{border:1px solid #ccc;padding:4px 8px;vertical-align:top;text-align:left}
th{background:#f3f3f3} .bar{background:#c0392b;height:10px;display:inline-block}
.n{text-align:right} h2{margin-top:2em} .muted{color:#888}
"""


def _value(v: Any) -> str:
    if v is None or (isinstance(v, float) and v != v):
        return ""
    if isinstance(v, float) and v == int(v):
        return str(int(v))
    return str(v)


def _table(rows: list[dict], columns: list[str], total: int, table: str) -> str:
    head = "".join(f"<th>{html.escape(c)}</th>" for c in columns)
    body = []
    for row in rows:
        cells = []
        for c in columns:
            v = row.get(c)
            cls = ' class="n"' if isinstance(v, (int, float)) and not isinstance(v, bool) else ""
            cells.append(f"<td{cls}>{html.escape(_value(v))}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    note = f"<p class=muted>the first {len(rows):,} of {total:,} rows; all are in {html.escape(table)}.csv</p>" \
        if total > len(rows) else ""
    return f"{note}<table><tr>{head}</tr>{''.join(body)}</table>"


def _cells(rows: list[dict]) -> str:
    top = max([int(r["figures"]) for r in rows] + [1])
    out = []
    for r in rows:
        width = int(200 * int(r["figures"]) / top)
        out.append(
            f"<tr><td>{html.escape(r['cell'])}</td><td>{html.escape(str(r['pillar']))}</td>"
            f"<td>{html.escape(str(r['item']))}</td><td class=n>{r['articles']}</td>"
            f"<td class=n>{r['figures']} <span class=bar style='width:{width}px'></span></td>"
            f"<td class=n>{r['initiatives']}</td></tr>"
        )
    head = "<tr><th>cell</th><th>pillar</th><th>item</th><th>articles</th><th>figures</th><th>initiatives</th></tr>"
    return f"<table>{head}{''.join(out)}</table>"


def render_report(*, counts: dict[str, int], distinct_initiatives: int, cells: list[dict],
                  shown: dict[str, list[dict]]) -> str:
    """The report page: counts, the framework's cells, and the first rows of the long tables."""
    parts = [
        "<!doctype html><meta charset=utf-8><title>sansan report</title>",
        f"<style>{_STYLE}</style><h1>sansan report</h1>",
        f"<p>{counts['articles']} articles · {counts['figures']} figures · {distinct_initiatives} "
        f"distinct initiatives · {counts['errors']} errors</p>",
        "<h2>Three-threes framework (三个三)</h2>", _cells(cells),
        "<h2>Articles</h2>", _table(shown["articles"], ["article_id", "title", "published", "source", "chars", "duplicate_of"],
                                    counts["articles"], "articles"),
        "<h2>Figures</h2>", _table(shown["figures"], ["article_id", "cell", "text", "value", "unit", "qualifier", "counted", "claim"],
                                   counts["figures"], "figures"),
        "<h2>Initiatives</h2>", _table(shown["initiatives"], ["article_id", "cell", "name", "kind", "mention"],
                                       counts["initiatives"], "initiatives"),
    ]
    if counts["errors"]:
        parts += ["<h2>Errors</h2>", _table(shown["errors"], ["file", "stage", "error"], counts["errors"], "errors")]
    return "\n".join(parts) + "\n"
