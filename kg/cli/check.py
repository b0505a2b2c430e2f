"""``kg check-data``: load every data file with its checks, and list cue lemmas the model never produces."""

from __future__ import annotations

from pathlib import Path

import click

from ..datafiles import DataError
from ..relations.lexicon import CUES_PATH
from . import main


@main.command("check-data")
@click.option("--cues", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=CUES_PATH,
              show_default="kg/data/cues.yaml", help="The cue file to check.")
@click.option("--lemmas/--no-lemmas", default=True, show_default=True,
              help="Run the spaCy model on each cue's lemma and inflections of it (about half a minute).")
@click.option("--strict", is_flag=True, help="Exit with status 1 when a cue lemma is never produced.")
def check_data(cues: Path, lemmas: bool, strict: bool) -> None:
    """Check the vocabulary files under kg/data, kg/lang/fr/grammar.yaml and the cue file: the first wrong
    row stops with FILE:LINE: what is wrong. Then list the cues whose `lemma:` the spaCy model gives to none
    of its forms: such a cue matches only its bare form, found by the word itself.

    \b
    Examples:
      kg check-data
      kg check-data --cues my-cues.yaml --strict
    """
    from ..datacheck import load_all, unproduced_lemmas

    try:
        checked = load_all(cues)
    except DataError as err:
        raise click.ClickException(str(err)) from None
    click.echo(f"ok: {len(checked)} data files load without error")
    if not lemmas:
        return
    from ..extract import load_nlp

    misses = unproduced_lemmas(load_nlp(), cues)
    for miss in misses:
        found = ", ".join(miss.found) or "no single token"
        click.echo(f"{cues}:{miss.line}: {miss.relation} cue lemma {miss.lemma!r} is never the model's lemma "
                   f"(it gives: {found})")
    click.echo(f"{len(misses)} cue lemma(s) the model never produces")
    if misses and strict:
        raise SystemExit(1)
