"""The tables' summary to report.html: one self-contained page (no network) that opens on the
framework's 3×3 matrix; a cell lists its figures and initiatives with their sentences and
articles; SVG charts; series, conflicts and keywords. Every scraped string is escaped: HTML text
by html.escape, the data the page's script reads as JSON with <, > and & escaped, and the
script writes it with textContent only."""
from __future__ import annotations

import html
import json
from typing import Any

from ..config import Codebook

# Fonts that draw Chinese on Windows, macOS and Linux (Noto CJK is Debian's fonts-noto-cjk).
FONTS = ('"Noto Sans CJK SC","Noto Sans SC","Source Han Sans SC","PingFang SC","Microsoft YaHei",'
         '"WenQuanYi Micro Hei",system-ui,sans-serif')
# Entries a cell's list shows per page (the page's script pages through the rest it holds).
PAGE_SIZE = 50
# Bars in the initiatives chart, and months in the timeline (the most recent).
TOP_INITIATIVES, MONTHS = 15, 36
KEYWORDS_SHOWN = 8  # per cell, in the keyword charts

_STYLE = f"""
body{{font-family:{FONTS};margin:1.5em auto;max-width:1200px;padding:0 1em;color:#222;line-height:1.5}}
h1{{margin-bottom:.2em}} h2{{margin-top:2em;border-bottom:1px solid #ddd}} .muted{{color:#777}}
table{{border-collapse:collapse;margin:.8em 0;font-size:14px}} td,th{{border:1px solid #ccc;padding:4px 8px;
vertical-align:top;text-align:left}} th{{background:#eef2f7}} .n{{text-align:right}}
.matrix{{display:grid;grid-template-columns:10em repeat(3,1fr);gap:6px}} .matrix .head{{font-weight:bold;
padding:6px}} .cell{{border:1px solid #c8d3e0;border-radius:6px;padding:8px;cursor:pointer;background:#f8fafc}}
.cell:hover,.cell:focus{{background:#e8f0fb;outline:2px solid #7aa7e0}} .cell.on{{background:#dbe9fb}}
.cell .code{{font-weight:bold}} .cell .counts{{font-size:13px;color:#444}} .cell .top{{font-size:13px;color:#555}}
.none{{grid-column:2 / span 3}} mark{{background:#ffe58a;padding:0 1px}} #list li{{margin:.6em 0}}
.meta{{font-size:13px;color:#555}} .val{{font-weight:bold}} svg text{{font-family:{FONTS};font-size:12px}}
details{{margin:.5em 0}} .kw{{display:grid;grid-template-columns:repeat(auto-fill,minmax(330px,1fr));gap:12px}} summary{{cursor:pointer;color:#245}} .pager button{{margin-right:.5em}}
"""

_SCRIPT = """
const D = JSON.parse(document.getElementById('data').textContent);
const PAGE = %d;
let current = null, page = 0;
function el(tag, text, cls) { const e = document.createElement(tag); if (text !== undefined) e.textContent = text;
  if (cls) e.className = cls; return e; }
function show(cell) {
  current = cell; page = 0;
  document.querySelectorAll('.cell').forEach(c => c.classList.toggle('on', c.dataset.cell === cell));
  render();
  document.getElementById('detail').scrollIntoView({block: 'start'});
}
function render() {
  const box = document.getElementById('detail'), items = D.entries[current] || [];
  box.replaceChildren();
  const total = D.totals[current] || 0;
  box.append(el('h2', current + ' ' + (D.names[current] || '') + ': ' + total + ' figures and initiatives'));
  if (total > items.length) box.append(el('p', 'The first ' + items.length + ' are listed here; all are in figures.csv and initiatives.csv.', 'muted'));
  const list = el('ol'); list.id = 'list'; list.start = page * PAGE + 1;
  for (const it of items.slice(page * PAGE, (page + 1) * PAGE)) {
    const li = el('li'); li.className = it.kind;
    const head = el('div');
    head.append(el('span', it.kind === 'figure' ? it.text : '“' + it.name + '”', 'val'));
    if (it.kind === 'figure' && it.norm) head.append(el('span', '  = ' + it.norm + (it.unit ? ' ' + it.unit : ''), 'muted'));
    if (it.counted) head.append(el('span', '  (' + it.counted + ')', 'muted'));
    li.append(head);
    const s = el('div');
    if (it.at >= 0) { s.append(document.createTextNode(it.sentence.slice(0, it.at)), el('mark', it.sentence.slice(it.at, it.at + it.len)),
      document.createTextNode(it.sentence.slice(it.at + it.len))); } else { s.textContent = it.sentence; }
    li.append(s);
    const meta = el('div', '', 'meta');
    meta.append(el('span', (it.published ? it.published + ' · ' : '') + (it.title || it.article)));
    if (/^https?:\\/\\//i.test(it.url)) { const a = el('a', ' source'); a.href = it.url; a.rel = 'noopener noreferrer';
      a.target = '_blank'; meta.append(document.createTextNode(' · '), a); }
    li.append(meta); list.append(li);
  }
  box.append(list);
  const pages = Math.ceil(items.length / PAGE);
  if (pages > 1) {
    const p = el('div', '', 'pager');
    const prev = el('button', '‹ previous'), next = el('button', 'next ›');
    prev.disabled = page === 0; next.disabled = page >= pages - 1;
    prev.onclick = () => { page--; render(); }; next.onclick = () => { page++; render(); };
    p.append(prev, next, el('span', 'page ' + (page + 1) + ' of ' + pages, 'muted')); box.append(p);
  }
}
document.querySelectorAll('.cell').forEach(c => {
  c.addEventListener('click', () => show(c.dataset.cell));
  c.addEventListener('keydown', e => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); show(c.dataset.cell); } });
});
""" % PAGE_SIZE


def _e(v: Any) -> str:
    return html.escape("" if v is None else str(v))


def normalised(value: Any) -> str:
    """A figure's value as a plain number with thousands separators (605, 15,000, 24,679,000,000)."""
    if not isinstance(value, (int, float)) or value != value:
        return ""
    return f"{int(value):,}" if float(value).is_integer() else f"{value:,.4f}".rstrip("0").rstrip(".")


def safe_json(data: Any) -> str:
    """JSON that cannot end its <script> element or open markup: <, >, & and the JS line
    separators escaped."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for ch, esc in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(ch, esc)
    return text


def bar_chart(rows: list[tuple[str, float]], *, width: int = 560, bar: int = 18, label_width: int = 180) -> str:
    """A horizontal SVG bar chart; labels are SVG text (drawn in the page's CJK fonts)."""
    if not rows:
        return "<p class=muted>nothing to draw</p>"
    top = max(v for _, v in rows) or 1
    h = bar * len(rows) + 4
    parts = [f'<svg width="{width + label_width + 60}" height="{h}" role="img">']
    for i, (label, v) in enumerate(rows):
        y = i * bar + 2
        w = int(width * v / top)
        parts.append(f'<text x="{label_width - 6}" y="{y + bar - 5}" text-anchor="end">{_e(label)}</text>'
                     f'<rect x="{label_width}" y="{y}" width="{max(w, 1)}" height="{bar - 4}" fill="#5b8bd0"/>'
                     f'<text x="{label_width + w + 4}" y="{y + bar - 5}">{_e(normalised(v))}</text>')
    parts.append("</svg>")
    return "".join(parts)


def column_chart(rows: list[tuple[str, float]], *, height: int = 160, col: int = 16) -> str:
    """A vertical SVG bar chart (a timeline); every sixth label is drawn."""
    if not rows:
        return "<p class=muted>nothing to draw</p>"
    top = max(v for _, v in rows) or 1
    parts = [f'<svg width="{max(col * len(rows) + 40, 160)}" height="{height + 40}" role="img">']
    for i, (label, v) in enumerate(rows):
        x, hh = 20 + i * col, int(height * v / top)
        parts.append(f'<rect x="{x}" y="{height - hh + 10}" width="{col - 3}" height="{max(hh, 1)}" fill="#5b8bd0">'
                     f'<title>{_e(label)}: {_e(normalised(v))}</title></rect>')
        if i % 6 == 0:
            parts.append(f'<text x="{x}" y="{height + 28}">{_e(label)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _table(rows: list[dict], columns: list[str], total: int, table: str) -> str:
    head = "".join(f"<th>{_e(c)}</th>" for c in columns)
    body = []
    for row in rows:
        cells = []
        for c in columns:
            v = row.get(c)
            num = isinstance(v, (int, float)) and not isinstance(v, bool)
            cells.append(f"<td class=n>{_e(normalised(v))}</td>" if num else f"<td>{_e(v)}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    note = f"<p class=muted>the first {len(rows):,} of {total:,} rows; all are in {_e(table)}.csv</p>" \
        if total > len(rows) else ""
    return f"{note}<table><tr>{head}</tr>{''.join(body)}</table>"


def _section(title: str, table: str, rows: list[dict], columns: list[str], total: int, *, open_: bool = False) -> str:
    return (f"<details{' open' if open_ else ''}><summary>{_e(title)} ({total:,} rows)</summary>"
            f"{_table(rows, columns, total, table)}</details>")


def _matrix(codebook: Codebook, cells: dict[str, dict], data) -> str:
    parts = ['<div class="matrix"><div></div>'] + [f'<div class="head">{i}</div>' for i in (1, 2, 3)]
    for p in codebook.pillars:
        parts.append(f'<div class="head">{_e(p.names[0])}</div>')
        for item in p.items:
            parts.append(_cell_box(item.code, item.names[0], cells.get(item.code, {}), data))
    parts.append('<div class="head">none</div>')
    parts.append(_cell_box("none", "not party-building work", cells.get("none", {}), data, extra=" none"))
    parts.append("</div>")
    return "".join(parts)


def _cell_box(code: str, name: str, row: dict, data, extra: str = "") -> str:
    top = [n for n, _ in sorted(data.initiatives.get(code, {}).items(), key=lambda x: (-x[1], x[0]))[:3]]
    return (f'<div class="cell{extra}" data-cell="{_e(code)}" tabindex="0" role="button">'
            f'<div class="code">{_e(code)} {_e(name)}</div>'
            f'<div class="counts">{row.get("articles", 0):,} articles · {row.get("figures", 0):,} figures · '
            f'{row.get("initiatives", 0):,} initiatives</div>'
            + (f'<div class="top">{"、".join(_e(n) for n in top)}</div>' if top else "") + "</div>")


def render_report(*, codebook: Codebook, counts: dict[str, int], distinct_initiatives: int, cells: list[dict],
                  shown: dict[str, list[dict]], data) -> str:
    """The report page (see the module docstring)."""
    by_cell = {r["cell"]: r for r in cells}
    names = {i.code: i.names[0] for i in codebook.items} | {"none": "not party-building work"}
    entries = {c: [{**e, "norm": normalised(e["value"]) if e["kind"] == "figure" else ""} for e in rows]
               for c, rows in data.entries.items()}
    payload = {"entries": entries, "totals": dict(data.totals), "names": names}
    months = sorted((m, n) for m, n in data.months.items() if m != "undated")[-MONTHS:]
    keywords: dict[str, list[tuple[str, float]]] = {}
    for r in shown.get("keywords", []):
        keywords.setdefault(r["cell"], []).append((r["keyword"], round(1000 * r["tfidf"], 1)))
    kw_charts = "".join(f'<div><div class="code">{_e(c)} {_e(names.get(c, ""))}</div>'
                        f'{bar_chart(keywords.get(c, [])[:KEYWORDS_SHOWN], width=150, bar=16, label_width=110)}</div>'
                        for c in [*(i.code for i in codebook.items), "none"])
    parts = [
        "<!doctype html><html lang=zh-CN><meta charset=utf-8>",
        "<meta name=viewport content='width=device-width,initial-scale=1'><title>sansan report</title>",
        f"<style>{_STYLE}</style><h1>sansan report</h1>",
        f"<p>{counts['articles']:,} articles · {counts['figures']:,} figures · {distinct_initiatives:,} distinct "
        f"initiatives · {counts['errors']:,} errors</p>",
        f"<h2>{_e(codebook.name or 'Three-threes framework (三个三)')}</h2>",
        "<p class=muted>Pillars in rows, their items in columns. Choose a cell to list its figures and initiatives.</p>",
        _matrix(codebook, by_cell, data), '<div id="detail"></div>',
        "<h2>Figures per cell</h2>", bar_chart([(f"{c} {names.get(c, '')}", by_cell.get(c, {}).get("figures", 0))
                                              for c in [*(i.code for i in codebook.items), "none"]]),
        "<h2>Articles over time</h2>",
        f"<p class=muted>articles per month, the last {len(months)} months with any ({data.months.get('undated', 0):,} "
        "without a date)</p>", column_chart(months),
        "<h2>Most frequent initiatives</h2><p class=muted>by the number of articles that name them</p>",
        bar_chart(sorted(data.names.items(), key=lambda x: (-x[1], x[0]))[:TOP_INITIATIVES]),
        "<h2>Keywords per cell</h2><p class=muted>TF-IDF (×1000) of jieba tokens in the cell's sentences, weighted "
        "over articles; all in keywords.csv</p>", f'<div class="kw">{kw_charts}</div>',
        "<h2>Across articles</h2>",
        _section("Series: one thing reported by several articles", "series", shown.get("series", []),
                 ["counted", "unit", "published", "text", "value", "title"], counts.get("series", 0)),
        _section("Conflicts: different values for one thing on one day", "conflicts", shown.get("conflicts", []),
                 ["counted", "unit", "period", "text_a", "article_a", "text_b", "article_b"], counts.get("conflicts", 0)),
        "<h2>Tables</h2>",
        _section("Articles", "articles", shown.get("articles", []), ["article_id", "title", "published", "source", "figures",
                                                              "initiatives", "duplicate_of"], counts["articles"]),
        _section("Figures", "figures", shown.get("figures", []), ["article_id", "cell", "text", "value", "unit", "counted",
                                                           "claim"], counts["figures"]),
        _section("Initiatives", "initiatives", shown.get("initiatives", []), ["article_id", "cell", "name", "kind", "mention"],
                 counts["initiatives"]),
    ]
    if counts["errors"]:
        parts.append(_section("Errors", "errors", shown.get("errors", []), ["file", "stage", "error"], counts["errors"], open_=True))
    parts += [f'<script type="application/json" id="data">{safe_json(payload)}</script>', f"<script>{_SCRIPT}</script>"]
    return "\n".join(parts) + "\n"
