"""Namespaces and the relation inventory, read from the ontology so vocabulary lives in data."""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import OWL, RDF, RDFS

KG = Namespace("https://w3id.org/kg-news/ontology#")
RES = Namespace("https://w3id.org/kg-news/resource/")
ACTOR = Namespace(str(RES) + "actor/")
ARTICLE = Namespace(str(RES) + "article/")
STATEMENT = Namespace(str(RES) + "statement/")
GRAPH = Namespace(str(RES) + "graph/")
WD = Namespace("http://www.wikidata.org/entity/")
PROV = Namespace("http://www.w3.org/ns/prov#")
SCHEMA = Namespace("https://schema.org/")

ACTOR_TYPES = ("Person", "State", "Institution", "Group")


def ontology_dir() -> Path:
    """Where kg.ttl and shapes.ttl live: ``$KG_ONTOLOGY_DIR`` (to try an edited copy), else beside the
    package in a checkout, inside it in a wheel."""
    override = os.environ.get("KG_ONTOLOGY_DIR")
    if override:
        if not (Path(override) / "kg.ttl").is_file():
            raise FileNotFoundError(f"KG_ONTOLOGY_DIR={override}: no kg.ttl there")
        return Path(override)
    here = Path(__file__).resolve().parent
    for candidate in (here / "ontology", here.parent / "ontology"):
        if (candidate / "kg.ttl").is_file():
            return candidate
    raise FileNotFoundError("ontology/kg.ttl not found next to the kg package")


@dataclass(frozen=True)
class Relation:
    """One relation property of the ontology with what analysis and scoring need of it."""

    slug: str
    iri: URIRef
    label_en: str
    label_fr: str
    symmetric: bool
    family: str  # cooperative | conflictual | structural
    goldstein: float
    cameo: str = ""  # CAMEO event code (kg/data/cameo.tsv); empty when none fits
    plover: str = ""  # PLOVER event type (kg/data/plover.tsv); empty when none
    plover_mode: str = ""  # PLOVER mode of that type; empty when the relation covers several

    @property
    def local_name(self) -> str:
        return str(self.iri)[len(str(KG)) :]


@cache
def ontology() -> Graph:
    """kg.ttl from ``ontology_dir()``, parsed once (cached): what the relation inventory and kg.validate read."""
    g = Graph()
    g.parse(ontology_dir() / "kg.ttl", format="turtle")
    return g


@cache
def relations() -> dict[str, Relation]:
    """The relation inventory keyed by slug (e.g. ``negotiated-with``), in a stable order."""
    g = ontology()
    found: dict[str, Relation] = {}
    for prop in sorted(g.subjects(KG.slug, None)):
        labels: dict[str | None, str] = {}
        for lit in g.objects(prop, RDFS.label):
            labels[lit.language] = str(lit)
        slug = str(g.value(prop, KG.slug))
        family_iri = g.value(prop, KG.family)
        found[slug] = Relation(
            slug=slug,
            iri=URIRef(prop),
            label_en=labels.get("en", slug),
            label_fr=labels.get("fr", slug),
            symmetric=(prop, RDF.type, OWL.SymmetricProperty) in g,
            family=str(family_iri)[len(str(KG)) :].lower(),
            goldstein=float(g.value(prop, KG.goldstein)),
            cameo=_code(g.value(prop, KG.cameo)),
            plover=_code(g.value(prop, KG.plover)),
            plover_mode=_code(g.value(prop, KG.ploverMode)),
        )
    return dict(sorted(found.items()))


def in_order(subject: str, relation: str, obj: str) -> tuple[str, str]:
    """The two ends of a statement as one canonical pair: a symmetric relation's in label order, whichever way
    the text gave it ("X a rencontré Y" and "Y a rencontré X" are one edge), another's as given."""
    if relations()[relation].symmetric and obj < subject:
        return obj, subject
    return subject, obj


def _code(value: object) -> str:
    """An event code of the ontology, with its explicit "none" (no code fits) read as empty."""
    text = str(value or "").strip()
    return "" if text == "none" else text


def relation_by_iri(iri: URIRef) -> Relation | None:
    """The relation whose property IRI is ``iri``, or None for a property outside the inventory (rdf:type...)."""
    for rel in relations().values():
        if rel.iri == iri:
            return rel
    return None
