"""Build the API reference of kg's library (the modules a notebook imports) from the docstrings, with pdoc.

Writes one HTML page per public module, an index and a search index into ``docs/api/`` (git-ignored:
the reference is built, never edited or committed), and checks what it documents: every public module
imports and renders, and every public function, class and method has a docstring. The problems are
printed one a line and the exit status is 1 when there is any; ``tests/test_api_docs.py`` runs this
script, so CI fails as soon as the reference would rot.

Public means: the modules of ``PUBLIC_MODULES``; in each, what pdoc shows (the names of ``__all__``
where a module has one, else every name without a leading underscore defined in that module).

Run: .venv/bin/python docs/api.py [-o docs/api]   (needs the ``test`` extra: pdoc and pandas)
"""

from __future__ import annotations

import argparse
import importlib
import sys
import traceback
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

#: The library API: what the README's Python example, the notebook and the commands build on. The
#: commands (kg.cli), the server internals and the extraction rules (kg.relations, kg.lang) are not in it.
PUBLIC_MODULES = (
    "kg",
    "kg.model",
    "kg.pipeline",
    "kg.extract",
    "kg.readers",
    "kg.rdf",
    "kg.iris",
    "kg.rdfterms",
    "kg.graphfiles",
    "kg.rdfread",
    "kg.store",
    "kg.querytext",
    "kg.namedqueries",
    "kg.queryparams",
    "kg.querysources",
    "kg.queryresults",
    "kg.resultformats",
    "kg.substitution",
    "kg.federation",
    "kg.parseerrors",
    "kg.analysis",
    "kg.frames",
    "kg.periods",
    "kg.filters",
    "kg.events",
    "kg.export",
    "kg.gexf",
    "kg.viz",
    "kg.validate",
    "kg.evaluate",
    "kg.vocab",
    "kg.gazetteer",
)

#: Public names allowed to lack a docstring for now (none left). The check fails on an entry that has one
#: already, so this list can only shrink.
PENDING: frozenset[str] = frozenset()


def _undocumented(module) -> list[str]:
    """The full names of the public functions, classes and methods of a pdoc module with no docstring."""
    from pdoc import doc

    missing = []
    stack = list(module.members.values())
    while stack:
        member = stack.pop()
        if not isinstance(member, doc.Function | doc.Class):
            continue
        origin = member.taken_from[0]
        if member.name.startswith("_") or origin != module.modulename and (
                origin in PUBLIC_MODULES or not origin.startswith("kg.")):
            continue  # documented where it is defined (a name re-exported from a public module, a base class' method)
        if not member.docstring.strip():
            missing.append(member.fullname)
        if isinstance(member, doc.Class):
            stack.extend(member.own_members)
    return sorted(missing)


def _module_of(fullname: str) -> str:
    """The public module a full name belongs to (the longest one it starts with)."""
    return max((m for m in PUBLIC_MODULES if fullname.startswith(m + ".")), key=len, default="")


def build(output: Path, modules: tuple[str, ...] = PUBLIC_MODULES) -> list[str]:
    """Write the reference of ``modules`` into ``output``; returns the problems found (empty: all is well)."""
    from pdoc import doc, render

    render.configure(docformat="restructuredtext", show_source=False, search=True,
                     footer_text="kg: generated from the docstrings by docs/api.py")
    problems: list[str] = []
    documented: dict[str, doc.Module] = {}
    undocumented: set[str] = set()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for name in modules:
            try:
                module = importlib.import_module(name)
            except Exception:  # any failure to import is a broken reference, reported with its cause
                problems.append(f"{name}: does not import: {_last_line()}")
                continue
            for lazy in getattr(module, "__all__", ()):  # kg's DataFrame helpers load on first use (PEP 562):
                if lazy not in vars(module) and hasattr(module, lazy):  # pdoc reads __dict__, so resolve them
                    vars(module)[lazy] = getattr(module, lazy)
            documented[name] = doc.Module(module)
        for name, module in documented.items():
            try:
                undocumented.update(_undocumented(module))
                html = render.html_module(module, documented)
            except Exception:
                problems.append(f"{name}: does not render: {_last_line()}")
                continue
            page = output / f"{name.replace('.', '/')}.html"
            page.parent.mkdir(parents=True, exist_ok=True)
            page.write_text(html, encoding="utf-8")
        output.mkdir(parents=True, exist_ok=True)
        (output / "index.html").write_text(render.html_index(documented), encoding="utf-8")
        (output / "search.js").write_text(render.search_index(documented), encoding="utf-8")
    problems.extend(f"pdoc: {w.message}" for w in caught if issubclass(w.category, UserWarning))
    problems.extend(f"{full}: public, but no docstring" for full in sorted(undocumented - PENDING))
    problems.extend(f"{full}: has a docstring now, remove it from PENDING in docs/api.py"
                    for full in sorted(PENDING - undocumented) if _module_of(full) in documented)
    return problems


def _last_line() -> str:
    """The last line of the exception being handled: its type and message."""
    return traceback.format_exc().strip().splitlines()[-1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-o", "--output", type=Path, default=ROOT / "docs" / "api", help="Folder to write into.")
    args = parser.parse_args()
    problems = build(args.output)
    for problem in problems:
        print(problem)
    pending = len(PENDING)
    print(f"API reference of {len(PUBLIC_MODULES)} modules in {args.output}: "
          f"{len(problems)} problem{'s' if len(problems) != 1 else ''}, {pending} names still to document (PENDING)",
          file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
