"""Output tables to one self-contained HTML report (cells, articles, figures, initiatives)."""
from __future__ import annotations

import html

import pandas as pd

_STYLE = """
body{font-family:system-ui,"Noto Sans CJK SC","Microsoft YaHei",sans-serif;margin:2em;color:#222}
table{border-collapse:collapse;margin:1em 0;font-size:14px}
td,th{border:1px solid #ccc;padding:4px 8px;vertical-align:top;text-align:left}
th{background:#f3f3f3} .bar{background:#c0392b;height:10px;display:inline-block}
.n{text-align:right} h2{margin-top:2em} .muted{color:#888}
"""


def _table(df: pd.DataFrame, columns: list[str]) -> str:
    head = "".join(f"<th>{html.escape(c)}</th>" for c in columns)
    body = []
    for _, row in df.iterrows():
        cells = []
        for c in columns:
            v = row.get(c, "")
            v = "" if v is None or (isinstance(v, float) and v != v) else v
            cls = ' class="n"' if isinstance(v, (int, float)) else ""
            cells.append(f"<td{cls}>{html.escape(str(v))}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    return f"<table><tr>{head}</tr>{''.join(body)}</table>"


def _cells(df: pd.DataFrame) -> str:
    top = max([int(x) for x in df["figures"]] + [1])
    rows = []
    for _, r in df.iterrows():
        width = int(200 * int(r["figures"]) / top)
        rows.append(
            f"<tr><td>{html.escape(r['cell'])}</td><td>{html.escape(str(r['pillar']))}</td>"
            f"<td>{html.escape(str(r['item']))}</td><td class=n>{r['articles']}</td>"
            f"<td class=n>{r['figures']} <span class=bar style='width:{width}px'></span></td>"
            f"<td class=n>{r['initiatives']}</td></tr>"
        )
    head = "<tr><th>cell</th><th>pillar</th><th>item</th><th>articles</th><th>figures</th><th>initiatives</th></tr>"
    return f"<table>{head}{''.join(rows)}</table>"


def render_report(frames: dict[str, pd.DataFrame]) -> str:
    arts, figs, inis = frames["articles"], frames["figures"], frames["initiatives"]
    errs = frames["errors"]
    parts = [
        "<!doctype html><meta charset=utf-8><title>sansan report</title>",
        f"<style>{_STYLE}</style><h1>sansan report</h1>",
        f"<p>{len(arts)} articles · {len(figs)} figures · {inis['name'].nunique() if len(inis) else 0} "
        f"distinct initiatives · {len(errs)} errors</p>",
        "<h2>Three-threes framework (三个三)</h2>", _cells(frames["cells"]),
        "<h2>Articles</h2>", _table(arts, ["article_id", "title", "published", "source", "chars", "duplicate_of"]),
        "<h2>Figures</h2>", _table(figs, ["article_id", "cell", "text", "value", "unit", "qualifier", "counted", "claim"]),
        "<h2>Initiatives</h2>", _table(inis, ["article_id", "cell", "name", "kind", "mention"]),
    ]
    if len(errs):
        parts += ["<h2>Errors</h2>", _table(errs, ["file", "stage", "error"])]
    return "\n".join(parts) + "\n"
