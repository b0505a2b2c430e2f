"""`kg query`, `kg serve`, `kg push`: SPARQL on a graph, a store or a remote endpoint."""

from __future__ import annotations

import ipaddress
import sys
import urllib.error
import urllib.parse
import urllib.request
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

import click
import pyoxigraph as ox
from tqdm import tqdm

from ..model import Article
from ..namedqueries import named_queries, named_query, parse_query_header
from ..queryparams import bind_params
from ..querysources import LocalSource, open_source
from ..querytext import READ_ONLY, QueryError, update_keyword
from ..rdf import build_dataset
from ..resultformats import RESULT_FORMATS, format_results
from ..store import to_oxigraph
from ..vocab import GRAPH
from . import main
from .common import open_statements

SOURCE_HELP = "a graph file (.trig, .nq, .ttl, .jsonld) or a store directory made by kg build --store"


def _params(values: tuple[str, ...]) -> dict[str, str]:
    params: dict[str, str] = {}
    for item in values:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise click.BadParameter(f"{item!r} is not NAME=VALUE", param_hint="--param")
        params[name.strip()] = value.strip()
    return params


def _endpoint_urls(ctx: click.Context, param: click.Parameter, values: tuple[str, ...]) -> tuple[str, ...]:
    for value in values:
        if not value.startswith(("http://", "https://")):
            raise click.BadParameter(f"{value!r} is not an http(s) URL", ctx, param)
    return values


def _list_queries() -> None:
    for name, query in named_queries().items():
        click.echo(click.style(name, bold=True))
        click.echo(f"  {query.summary}")
        for p in query.params:
            click.echo(f"  --param {p.name}=…  ({p.kind}) {p.help}")
    click.echo("\nRun one with: kg query GRAPH --name NAME --param NAME=VALUE")


@main.command()
@click.argument("source", required=False, metavar="[GRAPH_OR_STORE]")
@click.argument("text", required=False, metavar="[QUERY]")
@click.option("-f", "--file", "query_file", type=click.File("r", encoding="utf-8"),
              help="Read the query from this .rq file (- for standard input).")
@click.option("-n", "--name", help="Run a shipped query by name (see --list).")
@click.option("-p", "--param", "params", multiple=True, metavar="NAME=VALUE",
              help="Bind a parameter of the query (repeatable); actor names resolve through aliases.")
@click.option("-F", "--format", "fmt", type=click.Choice(RESULT_FORMATS), default="table", show_default=True,
              help="table for reading (long cells cut; a graph as Turtle). SELECT/ASK: csv, tsv, json or xml "
                   "(SPARQL results). CONSTRUCT/DESCRIBE: turtle or nt (N-Triples); other formats are refused.")
@click.option("--endpoint", metavar="URL", help="Query this SPARQL 1.1 endpoint instead of a local graph.")
@click.option("--max-rows", type=click.IntRange(1), default=None, help="Stop after this many rows.")
@click.option("--allow-service", "allow_service", multiple=True, metavar="URL", callback=_endpoint_urls,
              help="Let a local query's SERVICE clause call this endpoint (repeatable); federation is off "
                   "by default, because SERVICE makes this machine send requests.")
@click.option("--list", "list_queries", is_flag=True, help="List the shipped queries and their parameters.")
def query(source: str | None, text: str | None, query_file, name: str | None, params: tuple[str, ...],
          fmt: str, endpoint: str | None, max_rows: int | None, allow_service: tuple[str, ...],
          list_queries: bool) -> None:
    """Run SPARQL on GRAPH_OR_STORE (or --endpoint URL) and print the results.

    The query is QUERY, the contents of --file, or a shipped query picked with --name. In the graph,
    the default graph is the union of the article graphs. Parameters given with --param become RDF
    terms checked by Oxigraph that take their variable's place (SEP-0007 substitution), so a value
    never becomes query syntax: an actor parameter accepts any name or alias the extractor knows
    (Poutine, Putin, Vladimir Poutine), or a label of the graph in any case.

    \b
    Examples:
      kg query --list
      kg query graph.trig --name negotiated-with --param actor=Poutine
      kg query store/ --name relations-between -p actor=Russie -p other=Ukraine -F csv
      kg query graph.trig 'SELECT (COUNT(*) AS ?n) WHERE { ?s a kg:Statement }'
      kg query --endpoint http://localhost:7878/sparql --name timeline -p actor=Zelensky
    """
    if list_queries:
        _list_queries()
        return
    if endpoint and source and text is None:
        source, text = None, source  # `kg query --endpoint URL 'SELECT ...'`
    if endpoint and source:
        raise click.UsageError("give either GRAPH_OR_STORE or --endpoint, not both")
    if not endpoint and not source:
        raise click.UsageError(f"give {SOURCE_HELP}, or --endpoint URL (kg query --help has examples)")
    given = [x for x in (text, query_file, name) if x is not None]
    if len(given) != 1:
        raise click.UsageError("give exactly one of QUERY, --file FILE or --name NAME (see kg query --list)")
    try:
        if name is not None:
            named = named_query(name)
        else:
            try:
                query_text = text if text is not None else query_file.read()
            except UnicodeDecodeError as exc:
                raise QueryError(f"{query_file.name}: not UTF-8 text ({exc.reason})") from exc
            if not query_text.strip():
                raise QueryError("the query is empty")
            named = parse_query_header(Path(query_file.name).stem if query_file else "query", query_text)
        if update_keyword(named.text):
            raise QueryError(f"kg query is read-only: {READ_ONLY}; change the graph with kg build")
        src = open_source(source, endpoint)
        if isinstance(src, LocalSource):
            src.allow_service = frozenset(allow_service)
        bindings, notes = bind_params(src, named, _params(params))
        for note in notes:
            click.echo(f"kg: note: {note}", err=True)
        results = src.run(named.text, bindings, max_rows=max_rows)
        text = format_results(results, fmt)
    except QueryError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(text, nl=False)
    if results.truncated:
        click.echo(f"kg: stopped at {max_rows} rows (--max-rows)", err=True)


@main.command()
@click.argument("source", metavar="GRAPH_OR_STORE")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; anything but loopback exposes the graph to the network.")
@click.option("--port", type=click.IntRange(0, 65535), default=7878, show_default=True,
              help="Port to listen on (0 picks a free one; the URL is printed).")
@click.option("--timeout", type=click.FloatRange(0), default=10.0, show_default=True,
              help="Seconds a query may run before it is stopped with 503 (0: no limit).")
@click.option("--max-rows", type=click.IntRange(1), default=10_000, show_default=True,
              help="Rows a result may hold; longer results are cut and flagged with X-Kg-Truncated.")
@click.option("--on-disk", is_flag=True,
              help="Query a store directory where it lies instead of copying it into memory: for stores "
                   "larger than memory; then stop the server before kg build writes to the store.")
@click.option("--workers", type=click.IntRange(1), default=4, show_default=True,
              help="Queries run at once, each in its own process; as many slow ones (past 0.5 s) may run "
                   "beside them at low priority, so quick queries stay quick.")
@click.option("--queue", type=click.IntRange(0), default=256, show_default=True,
              help="Queries that may wait for a worker (up to --timeout); past that, 503 with Retry-After.")
@click.option("--max-memory", type=click.IntRange(0), default=2048, show_default=True, metavar="MIB",
              help="Memory one query may take beyond the graph's, in MiB; past it the query is stopped "
                   "with 503 (0: no limit).")
@click.option("--allow-service", "allow_service", multiple=True, metavar="URL", callback=_endpoint_urls,
              help="Let SERVICE clauses call this endpoint (repeatable). Federation is off by default: "
                   "SERVICE would let anyone who can query make this machine send requests.")
@click.option("--cors-origin", "cors_origins", multiple=True, metavar="ORIGIN",
              help="Let pages on this origin (https://host:port, or * for any) POST queries (repeatable). "
                   "Any origin may query with GET; cross-origin POSTs are refused otherwise.")
@click.option("--socket-timeout", type=click.FloatRange(0.1), default=15.0, show_default=True,
              help="Seconds a connection may stay idle or take to send its request before it is closed.")
@click.option("-q", "--quiet", is_flag=True, help="Do not log each request.")
def serve(source: str, host: str, port: int, timeout: float, max_rows: int, on_disk: bool, workers: int,
          queue: int, max_memory: int, allow_service: tuple[str, ...], cors_origins: tuple[str, ...],
          socket_timeout: float, quiet: bool) -> None:
    """Serve GRAPH_OR_STORE as a read-only SPARQL 1.1 Protocol endpoint, with a query page at /.

    GET and POST on /sparql; results as JSON, XML, CSV or TSV, graphs as N-Triples, Turtle, RDF/XML
    or JSON-LD, by the Accept header (or ?format=json|xml|csv|tsv|turtle|json-ld...). GET /sparql
    without a query gives the service description; GET /store?graph=IRI one article's graph (Graph
    Store Protocol). Updates are refused with 403, SERVICE with 400 unless --allow-service names the
    endpoint. Any SPARQL client works, and so does kg query --endpoint http://127.0.0.1:7878/sparql.

    A graph file is loaded into memory. A store directory (kg build --store) is copied into memory
    too, about 15 s and 0.5 GiB per million triples, where queries run about twice as fast. The
    server follows what it serves: rebuild the file, or run kg build --store on the store, and the
    new graph is answered a few seconds after the build ends.

    \b
    Examples:
      kg serve graph.trig --port 7878
      kg serve db/ &  kg build new-articles/ --store db/
    """
    from ..followed import Followed
    from ..server import serve as run_server

    try:
        if on_disk:
            src = open_source(source)
        else:
            click.echo(f"kg: reading {source} into memory...", err=True)
            src = Followed(source, log=lambda message: click.echo(f"kg: {message}", err=True),
                           allow_service=allow_service)
    except QueryError as exc:
        raise click.ClickException(str(exc)) from exc
    if not _loopback(host):
        click.echo(f"kg: warning: listening on {host}: anyone who can reach it can query the graph", err=True)
    try:
        run_server(src, host, port, timeout=timeout, max_rows=max_rows, quiet=quiet, workers=workers, queue=queue,
                   max_memory=(max_memory << 20) or None, allow_service=allow_service, cors_origins=cors_origins,
                   socket_timeout=socket_timeout)
    except OSError as exc:
        raise click.ClickException(f"cannot listen on {host}:{port} ({exc.strerror or exc})") from exc


def _loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


@main.command()
@click.argument("source", metavar="GRAPH_OR_STORE")
@click.option("--endpoint", required=True, metavar="URL",
              help="The server's Graph Store Protocol URL, e.g. http://localhost:7878/store (Oxigraph) "
                   "or http://localhost:3030/ds/data (Fuseki).")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar.")
def push(source: str, endpoint: str, quiet: bool) -> None:
    """Upload GRAPH_OR_STORE to a server, one named graph per article (SPARQL 1.1 Graph Store Protocol).

    Each article graph is sent with PUT, which replaces the server's copy: pushing again after a
    rebuild updates changed articles and never duplicates statements. A graph file without named
    graphs (Turtle) is split back into article graphs first.

    \b
    Example:
      oxigraph serve --location db &
      kg push graph.trig --endpoint http://localhost:7878/store
      kg query --endpoint http://localhost:7878/query --name negotiated-with -p actor=Poutine
    """
    try:
        src = open_source(source)
    except QueryError as exc:
        raise click.ClickException(str(exc)) from exc
    assert isinstance(src, LocalSource)
    graphs = dict(_article_graphs(src, source))
    if not graphs:
        raise click.ClickException(f"{source}: no article graph to push")
    sep = "&" if "?" in endpoint else "?"
    n_triples = 0
    for iri, body in tqdm(graphs.items(), desc="push", unit="article", disable=quiet or not sys.stderr.isatty()):
        url = f"{endpoint}{sep}{urllib.parse.urlencode({'graph': iri})}"
        request = urllib.request.Request(url, data=body, method="PUT",
                                         headers={"Content-Type": "application/n-triples"})
        try:
            with urllib.request.urlopen(request, timeout=60):
                pass
        except urllib.error.HTTPError as exc:
            detail = exc.read().decode("utf-8", "replace").strip()[:300]
            raise click.ClickException(f"{endpoint} refused graph {iri}: {exc.code} {exc.reason} {detail}") from exc
        except (urllib.error.URLError, TimeoutError, ConnectionError) as exc:
            raise click.ClickException(f"cannot reach {endpoint}: {getattr(exc, 'reason', exc)}") from exc
        n_triples += body.count(b"\n")
    click.echo(f"kg: pushed {len(graphs)} article graph(s), {n_triples} triples, to {endpoint}", err=True)


def _article_graphs(src: LocalSource, source: str) -> Iterator[tuple[str, bytes]]:
    """(graph IRI, N-Triples) for each article graph; a Turtle file is split back into articles."""
    store = src.store
    names = sorted(g.value for g in store.named_graphs() if g.value.startswith(str(GRAPH)))
    if names:
        for iri in names:
            quads = store.quads_for_pattern(None, None, None, ox.NamedNode(iri))
            yield iri, ox.serialize([q.triple for q in quads], format=ox.RdfFormat.N_TRIPLES)
        return
    statements, articles = open_statements(source)
    by_article: dict[str, list] = defaultdict(list)
    for st in statements:
        by_article[st.article_id].append(st)
    ids = sorted(set(articles) | set(by_article))
    items = [(articles.get(a) or Article(a, ""), by_article.get(a, [])) for a in ids]
    for ctx in build_dataset(items).graphs():
        if len(ctx):
            triples = [ox.Triple(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o)) for s, p, o in ctx]
            yield str(ctx.identifier), ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
