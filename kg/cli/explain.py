"""``kg explain``: why a sentence gives the statements it gives."""

from __future__ import annotations

import dataclasses
import json

import click

from ..explain import explain, format_explanation, sentence_of
from ..readers import InputError, read_inputs
from . import main


@main.command("explain")
@click.argument("sentence", required=False)
@click.option("--article", type=click.Path(exists=True, dir_okay=False), help="Read the sentence from this article.")
@click.option("--sentence", "number", type=click.IntRange(min=1), help="With --article: which sentence (from 1).")
@click.option("--json", "as_json", is_flag=True, help="Print the explanation as JSON.")
def explain_command(sentence: str | None, article: str | None, number: int | None, as_json: bool) -> None:
    """Show how SENTENCE is read: tokens, lemmas and parse, the parse repairs applied, the mentions and the
    actor each resolved to, every cue of kg/data/cues.yaml that matched a word (with its line) and why it
    fired or was blocked, and the statements that result.

    \b
    Examples:
      kg explain "La Russie a envahi l'Ukraine le 24 février 2022."
      kg explain --article articles/sommet.txt --sentence 3
    """
    if (sentence is None) == (article is None):
        raise click.UsageError("give a SENTENCE or --article FILE --sentence N")
    if article is not None and number is None:
        raise click.UsageError("--article needs --sentence N")
    date = None
    try:
        if article is not None:
            first = next(iter(read_inputs([article])), None)
            if first is None:
                raise click.ClickException(f"{article}: no article in the file")
            sentence, date = sentence_of(first.text, number), first.date
        found = explain(sentence, date)
    except (InputError, ValueError) as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(json.dumps(dataclasses.asdict(found), ensure_ascii=False, indent=1) if as_json
               else format_explanation(found))
