"""The guard on federated queries: which endpoints a query's ``SERVICE`` clauses would call, and the
refusal of those not allowed (Oxigraph would call them from this machine).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from .querytext import PREFIXES, TOKEN, QueryError


class ServiceRefused(QueryError):
    """A federated ``SERVICE`` clause calls an endpoint that is not on the allow-list."""


_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_SERVICE_TARGET = re.compile(r"(?:\s|#[^\n]*)*(?:(?i:SILENT)(?:\s|#[^\n]*)*)?"
                             r"(?:<(?P<iri>[^<>\s]*)>|(?P<var>[?$]\w+)|(?P<prefix>[A-Za-z][\w.-]*)?:(?P<local>[^\s{#]*))")


def service_targets(query: str) -> list[str]:
    """The endpoints the query's ``SERVICE`` clauses would call, as written (``?x`` for a variable one).

    Keywords are found by the tokenizer, so ``service`` in a string, a comment or an IRI is no clause;
    the text is also read with its ``\\u`` escapes decoded, as the SPARQL grammar allows. A prefixed name
    is expanded with the query's PREFIX declarations and the usual prefixes; anything unreadable after
    ``SERVICE`` is returned as ``?`` so that it is refused rather than missed.
    """
    found: list[str] = []
    decoded = _ESCAPE.sub(lambda m: chr(int(m[1] or m[2], 16)), query)
    for text in dict.fromkeys((query, decoded)):
        declared = dict(PREFIXES)
        declared.update(re.findall(r"(?i:PREFIX)\s*([A-Za-z][\w.-]*|):\s*<([^<>]*)>", text))
        for token in TOKEN.finditer(text):
            if (token["word"] or "").upper() != "SERVICE":
                continue
            target = _SERVICE_TARGET.match(text, token.end())
            if target is None:
                found.append("?")
            elif target["iri"] is not None:
                found.append(target["iri"])
            elif target["var"]:
                found.append(target["var"])
            else:
                namespace = declared.get(target["prefix"] or "")
                found.append(namespace + target["local"] if namespace is not None else "?")
    return list(dict.fromkeys(found))


def check_services(query: str, allowed: Iterable[str] = ()) -> None:
    """Refuse a query whose ``SERVICE`` clauses call an endpoint not in ``allowed``.

    Oxigraph evaluates ``SERVICE`` by sending the sub-query over HTTP from this machine, so a query
    from anyone could make it reach any host it can reach (SSRF): federation is off unless the
    endpoint is allowed by exact URL.
    """
    allow = set(allowed)
    for target in service_targets(query):
        if target not in allow:
            shown = "SERVICE with a variable endpoint" if target.startswith(("?", "$")) else f"SERVICE <{target}>"
            hint = (f"allowed: {', '.join(sorted(allow))}" if allow else
                    "federated queries are off; allow an endpoint with --allow-service URL")
            raise ServiceRefused(f"{shown} is refused: this endpoint does not call other servers ({hint})")
