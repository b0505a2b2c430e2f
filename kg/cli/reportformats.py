"""How `kg report` writes a report: the sections, their columns, and the table, markdown, csv and json renderings."""

from __future__ import annotations

import csv
import io
import json

from .. import analysis
from ..export import spreadsheet_safe

SECTIONS = ("actors", "brokers", "pairs", "communities")
REPORT_FORMATS = ("table", "csv", "json", "markdown")
# Columns shown in the table and markdown outputs (csv and json carry every measure).
SHOWN = {
    "actors": [("rank", "#"), ("actor", "actor"), ("type", "type"), ("degree", "degree"), ("in_degree", "in"),
               ("out_degree", "out"), ("strength", "articles"), ("betweenness", "betweenness"),
               ("closeness", "closeness"), ("pagerank", "pagerank"), ("community", "community")],
    "brokers": [("actor", "actor"), ("type", "type"), ("betweenness", "betweenness"),
                ("betweenness_rank", "betw. rank"), ("degree", "degree"), ("degree_rank", "deg. rank"),
                ("cut_off", "cuts off")],
    "pairs": [("actor_a", "actor"), ("actor_b", "actor"), ("statements", "statements"),
              ("cooperative", "coop."), ("conflictual", "confl."), ("structural", "struct."), ("net", "net")],
    "communities": [("community", "#"), ("size", "size"), ("members", "members (by pagerank)")],
}
TITLES = {
    "actors": "Actors",
    "brokers": "Brokers (articulation points, or higher on betweenness than on degree)",
    "pairs": "Cooperation and conflict per pair (net = sum of Goldstein weights)",
    "communities": "Communities (Louvain)",
}


def _rows(rep: analysis.Report, section: str, top: int | None) -> list[dict]:
    rows = {
        "actors": rep.measures,
        "brokers": rep.brokers,
        "pairs": sorted((p._asdict() for p in rep.balances), key=lambda p: (-abs(p["net"]), p["actor_a"])),
        "communities": rep.communities,
    }[section]
    return rows[:top] if top else rows


def _cell(value: object, full: bool = False, digits: int | None = None) -> str:
    """A value as text: floats to ``digits`` decimals (the column's), or all of them when ``full``."""
    if isinstance(value, float):
        if full:
            return f"{value:.6g}"
        if digits is None:
            digits = 4 if abs(value) < 1 else 1
        return f"{value:.{digits}f}"
    if isinstance(value, list):
        shown = value if full else value[:5]
        return ", ".join(map(str, shown)) + ("" if len(shown) == len(value) else f", … (+{len(value) - 5})")
    return str(value)


def _column(values: list[object]) -> list[str]:
    """One column's cells with one number format: four decimals where every value is below 1 (shares,
    scores), one where any is larger (sums like net cooperation), so 0.0 sits above 6.5, not 0.0000."""
    floats = [v for v in values if isinstance(v, float)]
    digits = 4 if floats and all(abs(v) < 1 for v in floats) else 1
    return [_cell(v, digits=digits) for v in values]


def _cells(rows: list[dict], columns: list[tuple[str, str]]) -> list[list[str]]:
    """The rows' cells, formatted column by column."""
    by_column = [_column([r[key] for r in rows]) for key, _ in columns]
    return [list(row) for row in zip(*by_column, strict=True)]


def _summary(rep: analysis.Report, sort: str, with_period: bool = True) -> str:
    where = f"{rep.period}: " if rep.period and with_period else ""
    exact = "exact" if rep.samples is None else f"{rep.samples} sampled sources, seed {rep.seed}"
    return (f"{where}{rep.statements} statements, {rep.actors} actors, {rep.pairs} linked pairs, "
            f"{rep.components} component(s); ranked by {sort}; paths {exact}")


def _table(graph: str, reports: list[analysis.Report], sections: list[str], top: int | None, sort: str) -> str:
    out = []
    for rep in reports:
        out.append(f"{graph} — {_summary(rep, sort)}")
        for section in sections:
            rows = _rows(rep, section, top)
            out.append("")
            out.append(TITLES[section])
            if not rows:
                out.append("  (none)")
                continue
            columns = SHOWN[section]
            cells = [[title for _, title in columns], *_cells(rows, columns)]
            widths = [max(len(row[i]) for row in cells) for i in range(len(columns))]
            numeric = [all(_is_number(r[key]) for r in rows) for key, _ in columns]
            for n, row in enumerate(cells):
                line = "  ".join(c.rjust(w) if num else c.ljust(w)
                                 for c, w, num in zip(row, widths, numeric, strict=True))
                out.append("  " + line.rstrip())
                if n == 0:
                    out.append("  " + "  ".join("-" * w for w in widths))
        out.append("")
    return "\n".join(out) + "\n"


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _markdown(graph: str, reports: list[analysis.Report], sections: list[str], top: int | None, sort: str) -> str:
    out = []
    for rep in reports:
        out.append(f"## {rep.period or graph}\n")
        out.append(_summary(rep, sort, with_period=False) + "\n")
        for note in rep.notes:
            out.append(f"> {_md(note)}\n")
        for section in sections:
            rows = _rows(rep, section, top)
            out.append(f"### {TITLES[section]}\n")
            if not rows:
                out.append("(none)\n")
                continue
            columns = SHOWN[section]
            out.append("| " + " | ".join(title for _, title in columns) + " |")
            out.append("|" + "|".join("---:" if _is_number(rows[0][k]) else "---" for k, _ in columns) + "|")
            out.extend("| " + " | ".join(_md(c) for c in row) + " |" for row in _cells(rows, columns))
            out.append("")
    return "\n".join(out) + "\n"


def _md(text: str) -> str:
    """Escape what would break a markdown table cell or be read as markup."""
    for char in "\\|*_`[]<>#":
        text = text.replace(char, "\\" + char)
    return text.replace("\n", " ")


def _csv(graph: str, reports: list[analysis.Report], sections: list[str], top: int | None, sort: str) -> str:
    (section,) = sections
    buffer = io.StringIO()
    writer = None
    for rep in reports:
        for row in _rows(rep, section, top):
            row = {"period": rep.period, **row} if rep.period else dict(row)
            if writer is None:
                writer = csv.DictWriter(buffer, fieldnames=list(row), lineterminator="\n")
                writer.writeheader()
            writer.writerow({k: _cell(v, full=True) if _is_number(v) else spreadsheet_safe(_cell(v, full=True))
                             for k, v in row.items()})
    return buffer.getvalue()


def _json(graph: str, reports: list[analysis.Report], sections: list[str], top: int | None, sort: str) -> str:
    document = {
        "graph": graph,
        "sort": sort,
        "reports": [
            {
                "period": rep.period,
                "statements": rep.statements,
                "actors": rep.actors,
                "linked_pairs": rep.pairs,
                "components": rep.components,
                "largest_component": rep.largest_component,
                "samples": rep.samples,
                "seed": rep.seed,
                "notes": rep.notes,
                **{section: _rows(rep, section, top) for section in sections},
            }
            for rep in reports
        ],
    }
    return json.dumps(document, ensure_ascii=False, indent=1) + "\n"


RENDER = {"table": _table, "markdown": _markdown, "csv": _csv, "json": _json}
