"""A political scientist adds a relation type by editing data only: the ontology and the cue file.

Done here on copies of the two files, as docs/extending.md tells: ``mediated-between`` with two cues and
their examples, then ``kg triples`` and ``kg validate`` on an article that states a mediation.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent

PROPERTY = """
kg:mediatedBetween a owl:ObjectProperty ;
    rdfs:subPropertyOf kg:relation ;
    rdfs:label "mediated between"@en , "a servi de médiateur entre"@fr ;
    rdfs:comment "The subject mediated between the object and another party."@en ;
    rdfs:domain kg:Actor ; rdfs:range kg:Actor ;
    kg:slug "mediated-between" ; kg:family kg:Cooperative ; kg:goldstein 3.0 ;
    kg:cameo "045" ; kg:plover "CONSULT" .
"""

CUES = """
  mediated-between:
    - {lemma: médiation, pos: NOUN, subject: [de, agent], object: between, confidence: 0.7}
    - {lemma: médiateur, pos: NOUN, subject: [apposed, agent], object: between, confidence: 0.6}
"""

ARTICLE = ("Doha, le 3 mars 2026. Le Qatar a mené une médiation entre le Rwanda et la République démocratique "
           "du Congo, selon un communiqué publié mardi.\n")


def test_mediated_between_by_data_only(tmp_path):
    onto = tmp_path / "ontology"
    shutil.copytree(ROOT / "ontology", onto)
    with (onto / "kg.ttl").open("a", encoding="utf-8") as f:
        f.write(PROPERTY)
    cues = (ROOT / "kg" / "data" / "cues.yaml").read_text(encoding="utf-8")
    cues = cues.replace("\nrelations:\n", "\nrelations:\n" + CUES, 1)
    (tmp_path / "cues.yaml").write_text(cues, encoding="utf-8")
    assert "mediated-between" in yaml.safe_load(cues)["relations"]
    (tmp_path / "article.txt").write_text(ARTICLE, encoding="utf-8")
    env = {**os.environ, "KG_ONTOLOGY_DIR": str(onto), "KG_CUES": str(tmp_path / "cues.yaml")}
    kg = [str(Path(sys.executable).parent / "kg")]
    out = subprocess.run([*kg, "triples", str(tmp_path / "article.txt")], env=env, capture_output=True,
                         text=True, check=True).stdout
    found = {tuple(line.split("\t")[1:4]) for line in out.splitlines() if "\tmediated-between\t" in line}
    assert found == {("Qatar", "mediated-between", "Rwanda"),
                     ("Qatar", "mediated-between", "Democratic Republic of the Congo")}
    graph = tmp_path / "graph.trig"
    subprocess.run([*kg, "build", str(tmp_path / "article.txt"), "-o", str(graph)], env=env, check=True,
                   capture_output=True)
    verdict = subprocess.run([*kg, "validate", str(graph)], env=env, capture_output=True, text=True)
    assert verdict.returncode == 0, verdict.stdout + verdict.stderr
