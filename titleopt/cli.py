"""The ``titleopt`` command: a thin layer over the public API.

Each command parses options, calls the library and prints. Exit codes (the
contract in DESIGN.md): 0 success (findings do not fail), 1 error-severity
findings with ``--strict``, 2 usage or input errors, with one clear sentence
on stderr and no traceback.
"""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable
from typing import Any

import click

from .errors import TitleoptError
from .platforms import DEFAULT_PLATFORM

PLATFORM_OPTION = click.option(
    "--platform", "-p", default=None,
    help=f"Marketplace whose rules apply [default: [tool.titleopt] platform, else {DEFAULT_PLATFORM}].",
)
REPORT_OPTION = click.option(
    "--report", type=click.Path(dir_okay=False), default=None,
    help="Also write a self-contained HTML report to review the run in a browser (e.g. report.html).",
)
DICTIONARY_OPTION = click.option(
    "--dictionary", "dictionaries", multiple=True, type=click.Path(dir_okay=False),
    help="Extra word list (see dictionaries/README.md), after [tool.titleopt] dictionaries; repeatable.",
)
FORMAT_OPTION = click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
    help="text for people, json (one document on stdout) for programs.",
)


def handle_errors(func: Callable[..., Any]) -> Callable[..., Any]:
    """One line on stderr and an exit code instead of a traceback.

    titleopt's own errors and unexpected file-system errors exit 2; Ctrl-C
    exits 130 and SIGTERM/SIGHUP 128 + the signal number, as a shell
    reports them (the batch runner has removed its temporary file and
    stopped its workers by then); a closed stdout (``| head``) ends quietly.
    """

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except TitleoptError as exc:
            raise _fail(str(exc)) from None
        except KeyboardInterrupt as exc:
            signum = getattr(exc, "signum", 2)
            click.echo(f"titleopt: {exc or 'interrupted'}; no output file was written", err=True)
            raise click.exceptions.Exit(128 + signum) from None
        except BrokenPipeError:
            _quiet_stdout()
            raise click.exceptions.Exit(141) from None
        except OSError as exc:
            where = f"{exc.filename}: " if exc.filename else ""
            raise _fail(f"{where}{exc.strerror or exc}") from None

    return wrapper


def _quiet_stdout() -> None:
    # Python flushes stdout again at exit, which would raise once more on the closed pipe.
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def _print_notes(summary: Any) -> None:
    for note in summary.notes:
        click.echo(f"titleopt: note: {note}", err=True)


def _print_keyword_notes(opt: Any) -> None:
    """Say which keyword rows the table skipped (as a batch run's notes and keywords --for do)."""
    for note in opt.keywords.skipped_notes():
        click.echo(f"titleopt: note: {note}", err=True)


def _check_options(**values: Any) -> None:
    """Refuse control characters in --title, --brand… as a file's cells are refused (docs/batch.md).

    A title (``title``, ``TITLE``, ``for``) must not be blank either: in a file that row is an
    error cell ("the title is empty"), not a title scored 100.
    """
    from .errors import InputError
    from .fields import control_character_reason

    for name, value in values.items():
        label = name if name.isupper() else f"--{name.replace('_', '-')}"  # TITLE: an argument
        for text in value if isinstance(value, (list, tuple)) else [value]:
            reason = control_character_reason(text) if isinstance(text, str) else None
            if reason is not None:
                raise InputError(f"{label} {reason.replace(': clean the cell', '')}")
            if name.lower() in ("title", "for") and isinstance(text, str) and not text.strip():
                raise InputError(f"{label} is empty")


def _check_output(output: str, *inputs: str | None, fmt: str = "text") -> None:
    """Before any work: ``-o`` may be no file the command reads, and its folder must be writable.

    ``-o -`` puts the table on stdout, so a command's own text goes to stderr
    and its JSON document, which would make stdout two documents, is refused.
    """
    from .io import check_not_input, check_output_path

    if output == "-" and fmt == "json":
        raise click.UsageError("-o - and --format json both write to stdout; give -o a file name")
    check_not_input(output, inputs)
    check_output_path(output)


def _check_report(report: str | None, *others: str | None) -> None:
    """Before any work: --report names a writable .html file that is none of ``others`` (INPUT, -o)."""
    if report:
        from .report_html import check_report_path

        check_report_path(report, *others)


def _fail(message: str) -> click.exceptions.Exit:
    click.echo(f"titleopt: error: {message}", err=True)
    return click.exceptions.Exit(2)


def echo_json(data: Any) -> None:
    """Print one JSON document (pydantic models are dumped by field name)."""
    click.echo(json.dumps(_plain(data), ensure_ascii=False, indent=2))


def write_report(path: str, page_or_collector: Any) -> None:
    """Write the HTML report and say where on stderr."""
    from .report_html import ReportCollector, write_page

    if isinstance(page_or_collector, ReportCollector):
        size = page_or_collector.write(path)
    else:
        size = write_page(path, page_or_collector)
    shown = f"{size / 1e6:.1f} MB" if size >= 1e6 else f"{size / 1e3:.0f} KB"
    click.echo(f"titleopt: report written to {path} ({shown})", err=True)


def _plain(data: Any) -> Any:
    if hasattr(data, "model_dump"):
        return data.model_dump(mode="json")
    if isinstance(data, dict):
        return {k: _plain(v) for k, v in data.items()}
    if isinstance(data, (list, tuple)):
        return [_plain(v) for v in data]
    return data


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="titleopt")
def main() -> None:
    """titleopt: make e-commerce product titles findable.

    Segment, score, compare, lint and rewrite titles under a platform's length limit.
    """
    from .segment import use_default_cache

    use_default_cache()  # the built dictionary is kept in the user's cache folder ($TITLEOPT_CACHE_DIR='' = off)


@main.command()
@click.option("--platform", "-p", default=DEFAULT_PLATFORM, show_default=True)
@handle_errors
def demo(platform: str) -> None:
    """Run the whole pipeline on the shipped sample data."""
    from .demo import run_demo

    run_demo(platform=platform, echo=click.echo)


# -- commands added by later modules go below; keep each a few lines --------


@main.command()
@click.argument("input_path", metavar="[INPUT]", required=False)
@click.option("--title", default=None, help="Shorten this one title instead of a file.")
@click.option("--limit", type=click.IntRange(min=1), default=12, show_default=True, help="Short-title length.")
@click.option("--unit", type=click.Choice(["chars", "bytes"]), default="chars", show_default=True,
              help="Unit of --limit (bytes: CJK = 2).")
@click.option("--output", "-o", default=None, help="Output file (.csv .tsv .xlsx .jsonl); '-' for stdout.")
@click.option("--keywords", "-k", type=click.Path(), default=None, help="Keyword-demand table (optional).")
@click.option("--keep-brand", is_flag=True, help="Keep the brand (short titles usually drop it).")
@click.option("--title-column", default=None, help="Title column name, if not title/标题/宝贝标题/商品标题.")
@click.option("--jobs", "-j", type=click.IntRange(min=0), default=1, show_default=True,
              help="Worker processes (0: one per CPU). Output is identical for any value.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar and no summary.")
@DICTIONARY_OPTION
@FORMAT_OPTION
@REPORT_OPTION
@handle_errors
def shorten(input_path, title, limit, unit, output, keywords, keep_brand, title_column, jobs, quiet, dictionaries,
            fmt, report) -> None:
    """Extractive mobile short titles (~12 characters): INPUT file to -o OUTPUT, or one --title."""
    import os

    from . import batch

    if (input_path is None) == (title is None):
        raise click.UsageError("give either an INPUT file or --title TEXT")
    if title is not None:
        if output or jobs != 1 or title_column:
            raise click.UsageError("-o, --jobs and --title-column apply to an INPUT file, not --title")
        _check_options(title=title)
        _check_report(report)
        opt = load_optimizer(keywords, None, dictionaries=dictionaries)
        _print_keyword_notes(opt)
        notes: list[str] = []
        short = opt.shorten(title, limit=limit, unit=unit, keep_brand=keep_brand, notes=notes)
        for note in notes:  # one sentence, not Python's warning line with a source path
            click.echo(f"titleopt: note: {note}", err=True)
        if not short.strip():  # as the file's error cell says
            from .errors import InputError

            raise InputError(f"--title: {batch.EMPTY_SHORT}")
        from .platforms import get_platform

        length = get_platform(opt.platform.name, limit=limit, unit=unit).length(short)
        if fmt == "json":  # the file's cells, by the same names
            echo_json({"title": title, "short_title": short, "short_length": length, "limit": limit, "unit": unit})
        else:
            click.echo(short)
        if report:  # (as rewrite --title does: the one title's page)
            from .report_html import ReportCollector, shorten_record

            collector = ReportCollector(kind="shorten")
            collector.add(shorten_record(title, short, length=length, limit=limit, unit=unit,
                                         segmenter=opt.segmenter), row=1)
            write_report(report, collector)
        return
    if not output:
        raise click.UsageError("shortening a file needs -o OUTPUT (a new file; '-' for stdout)")
    if fmt != "text":
        raise click.UsageError("--format applies to --title; a file's results are the columns of -o OUTPUT")
    from .build import resolve_settings

    settings = resolve_settings(dictionaries=dictionaries)
    job = batch.ShortenJob(keywords=keywords, limit=limit, unit=unit, keep_brand=keep_brand,
                           title_column=title_column, platform=settings.platform,
                           dictionaries=settings.dictionaries)
    collector, hook = _batch_report(report, job, "shorten", input_path, output)
    summary = batch.run_batch(job, input_path, output, jobs=jobs or os.cpu_count() or 1,
                              progress=not quiet and sys.stderr.isatty(), on_row=hook)
    if not quiet:
        _print_notes(summary)
        click.echo(f"titleopt: {job.summary_text(summary)}", err=True)
    if collector is not None:
        write_report(report, collector)


def _batch_report(report: str | None, job: Any, kind: str, input_path: str, output: str):
    """(collector, on_row hook) for a batch command's --report, or (None, None)."""
    if not report:
        return None, None
    from .report_html import batch_report, now_text

    _check_report(report, input_path, output)
    return batch_report(job, kind, meta={"input": input_path, "written": now_text()})


def load_optimizer(
    keywords: str | None, competitors: str | None, platform: str | None = None, limit=None, unit=None,
    dictionaries=(), category=None,
):
    """A command's TitleOptimizer: its options (None: not given) over ``[tool.titleopt]``, built by :mod:`.build`.

    With a category, only competitors of that category (a 类目 column) are compared.
    """
    from .build import build_optimizer, resolve_settings

    settings = resolve_settings(platform=platform, limit=limit, unit=unit, dictionaries=dictionaries)
    return build_optimizer(keywords, competitors, settings, category=category)


LIMIT_OPTIONS = [
    click.option("--limit", type=click.IntRange(min=1), default=None, help="Override the platform's length limit."),
    click.option("--unit", type=click.Choice(["bytes", "chars"]), default=None,
                 help="Length unit for --limit (given with it)."),
]


def limit_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """--limit N --unit U; --unit alone is refused: it would read the platform's number in another unit
    (Taobao's 60 bytes as 60 characters, twice the room the platform allows)."""

    @functools.wraps(func)
    def checked(*args: Any, **kwargs: Any) -> Any:
        if kwargs.get("unit") is not None and kwargs.get("limit") is None:
            raise click.UsageError("--unit is the unit of --limit; give --limit N too (the platform's limit "
                                   "is in its own unit)")
        return func(*args, **kwargs)

    for opt in reversed(LIMIT_OPTIONS):
        checked = opt(checked)
    return checked


@main.command()
@click.argument("titles", nargs=-1, required=True)
@click.option("--keywords", "-k", "keywords", required=True, type=click.Path(), help="Keyword-demand table.")
@click.option("--competitors", "-c", type=click.Path(), default=None, help="Competitor titles file.")
@click.option("--brand", default=None, help="The listing's own brand.")
@click.option("--category", default=None, help="The listing's category (类目).")
@PLATFORM_OPTION
@limit_options
@DICTIONARY_OPTION
@FORMAT_OPTION
@REPORT_OPTION
@handle_errors
def analyze(titles, keywords, competitors, brand, category, platform, limit, unit, dictionaries, fmt, report) -> None:
    """Score TITLES against a keyword table: covered, missing, score, findings.

    '-' reads one title per line from stdin (as lint does). --format json prints
    one object for one TITLE, a list for several or for '-'.
    """
    from .rules.cli_support import read_titles

    _check_report(report)
    listed = read_titles(titles, click.open_file("-"))
    _check_options(TITLE=listed, brand=brand, category=category)
    opt = load_optimizer(keywords, competitors, platform, limit, unit, dictionaries, category=category)
    _print_keyword_notes(opt)
    reports = [opt.analyze(t, brand=brand, category=category) for t in listed]
    if report:
        from .report_html import html_report

        write_report(report, html_report(reports, optimizer=opt, kind="analyze"))
    if fmt == "json":
        one = len(titles) == 1 and titles[0] != "-"  # how many lines stdin holds is not known in advance
        echo_json(reports[0] if one else reports)
        return
    from .report import format_report

    for rep in reports:
        click.echo(format_report(rep))


@main.command()
@click.argument("table", required=False, type=click.Path())
@click.option("--from-queries", "queries", type=click.Path(), default=None,
              help="Build a table from a plain list of search queries instead.")
@click.option("--output", "-o", type=click.Path(), default=None,
              help="Where to write the built table (or, with --for, the keyword list); '-' for stdout "
                   "(the text then goes to stderr).")
@click.option("--for", "for_title", default=None, help="Keyword opportunity for this listing title.")
@click.option("--category", default=None, help="With --for: the listing's category (类目).")
@click.option("--brand", default=None, help="With --for: the listing's own brand.")
@click.option("--attributes", default=None, help="With --for: 'key:value;key:value' facts of the listing.")
@click.option("--competitors", "-c", type=click.Path(), default=None,
              help="With --for: competitor titles (their brands are never ad keywords).")
@click.option("--top", type=click.IntRange(min=1), default=None, help="With --for: show the first N keywords.")
@click.option("--ads", is_flag=True, help="With --for: pick paid-search (直通车) keywords by value per CPC.")
@click.option("--budget", type=click.FloatRange(min=0, min_open=True), default=None,
              help="With --ads: daily budget (yuan); each keyword costs --clicks × CPC.")
@click.option("--clicks", type=click.IntRange(min=1), default=10, show_default=True,
              help="With --ads: clicks a day to buy per keyword.")
@PLATFORM_OPTION
@DICTIONARY_OPTION
@FORMAT_OPTION
@handle_errors
def keywords(table, queries, output, for_title, category, brand, attributes, competitors, top, ads, budget, clicks,
             platform, dictionaries, fmt) -> None:
    """Validate and summarize a keyword-demand TABLE (roots, top values, skipped rows).

    With --for TITLE: the keywords relevant to that listing, each with coverage, whether the
    listing can truthfully reach it, opportunity (value per 1,000 competing listings), CPC and
    value per CPC; --ads adds a paid-search plan. See "The seller's loop" in the README.
    """
    from click.core import ParameterSource

    from .keywords import KeywordTable

    clicks_given = click.get_current_context().get_parameter_source("clicks") is not ParameterSource.DEFAULT
    if for_title is not None:
        if not table or queries:
            raise click.UsageError("--for needs a keyword TABLE (not --from-queries)")
        if clicks_given and not ads:
            raise click.UsageError("--clicks applies to --ads")
        _check_options(**{"for": for_title}, brand=brand, category=category, attributes=attributes)
        from .fields import parse_attributes
        from .opportunity import run_keywords_for

        try:
            attrs = parse_attributes(attributes)
        except ValueError as exc:
            raise click.BadParameter(str(exc), param_hint="--attributes") from None
        if output:
            _check_output(output, table, competitors, fmt=fmt)
        opt = load_optimizer(table, competitors, platform, dictionaries=dictionaries, category=category)
        text, data = run_keywords_for(opt, for_title, category=category, brand=brand, attributes=attrs, top=top,
                                      ads=ads, budget=budget, clicks=clicks, output=output)
        echo_json(data) if fmt == "json" else click.echo(text, err=output == "-")
        return
    if (ads or budget is not None or clicks_given or top or category or brand or attributes or competitors or platform
            or dictionaries):
        raise click.UsageError("--category, --brand, --attributes, --competitors, --top, --ads, --budget, --clicks, "
                               "--platform and --dictionary apply to --for TITLE")
    if table and queries:
        raise click.UsageError("give a TABLE to summarize or --from-queries FILE to build one, not both")
    if output and not queries:
        raise click.UsageError("-o applies to --from-queries (the built table) or --for TITLE (the keyword list)")
    if queries:
        if fmt != "text":
            raise click.UsageError("--format applies to a TABLE's summary and --for TITLE; --from-queries "
                                   "writes -o OUTPUT")
        if not output:
            raise click.UsageError("--from-queries needs -o OUTPUT")
        _check_output(output, queries)
        kt = KeywordTable.from_queries(queries)
        kt.to_file(output)
        click.echo(f"titleopt: wrote {len(kt)} keywords to {output}", err=True)
        return
    if not table:
        raise click.UsageError("give a TABLE file, or --from-queries FILE -o OUTPUT")
    kt = KeywordTable.from_file(table)
    summary = kt.summary()
    if fmt == "json":
        echo_json(summary)
        return
    from .report import format_keywords

    click.echo(format_keywords(summary))


@main.command()
@click.argument("input_path", metavar="[INPUT]", required=False)
@click.option("--title", "title", default=None, help="Rewrite this one title instead of a file.")
@click.option("--keywords", "-k", required=True, type=click.Path(), help="Keyword-demand table.")
@click.option("--competitors", "-c", type=click.Path(), default=None, help="Competitor titles file.")
@PLATFORM_OPTION
@limit_options
@click.option("--output", "-o", default=None, help="Output file (.csv .tsv .xlsx .jsonl); '-' for stdout.")
@click.option("--candidates", type=click.IntRange(min=1), default=1, show_default=True,
              help="Titles to propose; in a file, extra ones go to candidate_2… columns.")
@click.option("--solver", type=click.Choice(["fast", "exact"]), default="fast", show_default=True,
              help="fast: greedy + local search; exact: integer program, proven optimum, slower.")
@click.option("--jobs", "-j", type=click.IntRange(min=0), default=1, show_default=True,
              help="Worker processes (0: one per CPU). Output is identical for any value.")
@click.option("--title-column", default=None, help="Title column name, if not title/标题/宝贝标题/商品标题.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar and no summary.")
@click.option("--brand", default=None, help="With --title: the listing's brand.")
@click.option("--category", default=None, help="With --title: the listing's category (类目).")
@click.option("--attributes", default=None, help="With --title: 'key:value;key:value' or a JSON object.")
@click.option("--must-keep", multiple=True, help="With --title: terms to keep (repeatable, or ';'-separated).")
@click.option("--forbid", multiple=True, help="With --title: terms never to use (repeatable, or ';'-separated).")
@DICTIONARY_OPTION
@FORMAT_OPTION
@REPORT_OPTION
@handle_errors
def rewrite(input_path, title, keywords, competitors, platform, limit, unit, output, candidates, solver, jobs,
            title_column, quiet, brand, category, attributes, must_keep, forbid, dictionaries, fmt, report) -> None:
    """Rewrite every title of INPUT into -o OUTPUT, or one --title, within the platform's limit.

    OUTPUT keeps every row and column of INPUT, in order, and adds new_title, score_before,
    score_after, length_before, length_after, added, removed, findings and error (see docs/batch.md).
    """
    from . import batch

    if (input_path is None) == (title is None):
        raise click.UsageError("give either an INPUT file or --title TEXT")
    if title is not None:
        if output or jobs != 1 or title_column:
            raise click.UsageError("-o, --jobs and --title-column apply to an INPUT file, not --title")
        _check_options(title=title, brand=brand, category=category, attributes=attributes,
                       must_keep=must_keep, forbid=forbid)
        try:
            attrs = batch.parse_attributes(attributes)
        except ValueError as exc:
            raise click.BadParameter(str(exc), param_hint="--attributes") from None
        _check_report(report)
        opt = load_optimizer(keywords, competitors, platform, limit, unit, dictionaries)
        _print_keyword_notes(opt)
        res = opt.rewrite(title, brand=brand, category=category, attributes=attrs,
                          must_keep=[t for v in must_keep for t in batch.split_terms(v)],
                          forbid=[t for v in forbid for t in batch.split_terms(v)],
                          candidates=candidates, solver=solver)
        empty = batch.empty_rewrite_reason(res)
        if empty is not None:  # as the file's error cell says: an empty title must never be uploaded
            from .errors import InputError

            raise InputError(f"--title: {empty}")
        if fmt == "json":
            echo_json(res)
        else:
            from .report import format_rewrite

            click.echo(format_rewrite(res, unit=opt.platform.unit))
        if report:
            from .report_html import html_report

            write_report(report, html_report([res], optimizer=opt, kind="rewrite"))
        return
    if not output:
        raise click.UsageError("rewriting a file needs -o OUTPUT (a new file; '-' for stdout)")
    if brand or category or attributes or must_keep or forbid or fmt != "text":
        raise click.UsageError("--brand, --category, --attributes, --must-keep, --forbid and --format apply to "
                               "--title; in a file use the brand/category/attributes/must_keep/forbid columns")
    import datetime
    import os

    from .build import resolve_settings

    s = resolve_settings(platform=platform, limit=limit, unit=unit, dictionaries=dictionaries)
    job = batch.RewriteJob(keywords=keywords, competitors=competitors, platform=s.platform, limit=s.limit,
                           unit=s.unit, dictionaries=s.dictionaries, additions=s.additions,
                           today=datetime.date.today(), candidates=candidates, solver=solver,
                           title_column=title_column)
    collector, hook = _batch_report(report, job, "rewrite", input_path, output)
    summary = batch.run_batch(job, input_path, output, jobs=jobs or os.cpu_count() or 1,
                              progress=not quiet and sys.stderr.isatty(), freeze_gc=True, on_row=hook)
    if not quiet:
        _print_notes(summary)
        click.echo(f"titleopt: {job.summary_text(summary)}", err=True)
    if collector is not None:
        write_report(report, collector)


@main.command("lint")
@click.argument("titles", nargs=-1, required=True)
@PLATFORM_OPTION
@click.option("--select", default=None, help="Rule codes, prefixes or names to run, comma-separated (e.g. TO2,TO301).")
@click.option("--ignore", default=None, help="Rule codes, prefixes or names to skip, comma-separated.")
@click.option("--fix", "apply_fix", is_flag=True, help="Apply safe fixes and print the fixed titles.")
@click.option("--unsafe-fixes", is_flag=True, help="Also apply unsafe fixes (they change claims); implies --fix.")
@DICTIONARY_OPTION
@click.option("--brand", default=None, help="The listing's own brand (enables TO402).")
@click.option("--category", default=None, help="The listing's category (类目), for TO403.")
@click.option("--competitor", "competitors", multiple=True, help="A competitor's brand (TO402); repeatable.")
@click.option("--today", type=click.DateTime(["%Y-%m-%d"]), default=None, help="Date for TO404 (default: today).")
@FORMAT_OPTION
@click.option("--strict", is_flag=True, help="Exit 1 when any error-severity finding remains.")
@REPORT_OPTION
@handle_errors
def lint_cmd(titles, platform, select, ignore, apply_fix, unsafe_fixes, dictionaries, brand, category,
             competitors, today, fmt, strict, report) -> None:
    """Check TITLES against the lint rules ('-' reads one title per line from stdin).

    Settings in [tool.titleopt] of the nearest pyproject.toml (select, ignore, platform,
    limit, unit, dictionaries) apply unless given here. See docs/lint.md and `titleopt rules`.
    """
    from .rules.cli_support import run_lint

    _check_options(brand=brand, category=category, competitor=competitors)
    _check_report(report)
    collected: list[dict[str, Any]] | None = [] if report else None
    out, failed = run_lint(
        titles, platform=platform,
        select=select, ignore=ignore, apply_fix=apply_fix, unsafe=unsafe_fixes, dictionaries=dictionaries,
        brand=brand, category=category, competitors=competitors, today=today.date() if today else None,
        fmt=fmt, stdin=click.open_file("-"), collect=collected,
    )
    echo_json(out) if fmt == "json" else click.echo(out)
    if report:
        from .report_html import lint_report

        write_report(report, lint_report(collected or []))
    if strict and failed:
        raise click.exceptions.Exit(1)


@main.command("rules")
@click.argument("code", required=False)
@FORMAT_OPTION
@handle_errors
def rules_cmd(code, fmt) -> None:
    """List the lint rules, or print the full documentation of rule CODE (e.g. TO201)."""
    from .rules import registry
    from .rules.render import format_rule_doc, format_rule_table, rule_record

    rules = [registry.get(code)] if code else list(registry)
    if fmt == "json":
        echo_json([rule_record(r) for r in rules] if not code else rule_record(rules[0]))
    else:
        click.echo(format_rule_doc(rules[0]) if code else format_rule_table(rules))


@main.command("abtest")
@click.argument("results", type=click.Path())
@click.option("--alpha", type=click.FloatRange(0, 1, min_open=True, max_open=True), default=0.05, show_default=True,
              help="Significance level of the two-sided test.")
@click.option("--power", type=click.FloatRange(0, 1, min_open=True, max_open=True), default=0.8, show_default=True,
              help="Power for the impressions-needed estimate.")
@FORMAT_OPTION
@handle_errors
def abtest_cmd(results, alpha, power, fmt) -> None:
    """Which title variant gets the higher CTR: RESULTS rows of variant/title, impressions, clicks[, orders].

    Prints CTR per variant with a Wilson interval, the difference, a two-sided test, the
    probability each variant is best, the verdict (e.g. "B wins", "no difference yet") and
    how many more impressions are needed. Rows of one variant (e.g. per day) are added up.
    """
    from .ab_test import abtest, format_abtest

    res = abtest(results, alpha=alpha, power=power)
    echo_json(res.to_dict()) if fmt == "json" else click.echo(format_abtest(res))


@main.command("compare")
@click.argument("before", type=click.Path())
@click.argument("after", type=click.Path())
@click.option("--changes", type=click.Path(), default=None,
              help="The rewrite output (item ID, new_title, added, removed) saying what changed.")
@click.option("--alpha", type=click.FloatRange(0, 1, min_open=True, max_open=True), default=0.05, show_default=True,
              help="False discovery rate for flagging items; significance level of the summary test.")
@click.option("--days-before", type=click.FloatRange(min=0, min_open=True), default=1.0,
              help="Length of the BEFORE period (used only when no unchanged item gives the trend).")
@click.option("--days-after", type=click.FloatRange(min=0, min_open=True), default=1.0,
              help="Length of the AFTER period (same use).")
@click.option("--output", "-o", default=None,
              help="Per-item table (.csv .tsv .xlsx .jsonl); '-' for stdout (the text then goes to stderr).")
@FORMAT_OPTION
@handle_errors
def compare_cmd(before, after, changes, alpha, days_before, days_after, output, fmt) -> None:
    """Traffic BEFORE vs AFTER a title change, per item and changed vs unchanged items.

    Reads two item-level exports (宝贝ID, 访客数, 搜索引导访客数, 搜索曝光量, 点击率 …),
    flags items whose search visitors or CTR moved beyond the shop-wide trend and chance,
    and tells the titles' effect from the trend (difference in differences).
    """
    from .traffic import compare, write_items

    if output:
        _check_output(output, before, after, changes, fmt=fmt)
    res = compare(before, after, changes=changes, alpha=alpha, days_before=days_before, days_after=days_after)
    if output:
        write_items(res, output)
    if fmt == "json":
        echo_json(res.to_dict())
    else:
        from .traffic import format_comparison

        click.echo(format_comparison(res), err=output == "-")  # -o -: stdout holds the table alone


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
