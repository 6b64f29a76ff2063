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

PLATFORM_OPTION = click.option(
    "--platform", "-p", default="taobao", show_default=True, help="Marketplace whose rules apply."
)
FORMAT_OPTION = click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
    help="text for people, json (one document on stdout) for programs.",
)


def handle_errors(func: Callable[..., Any]) -> Callable[..., Any]:
    """Turn titleopt's own errors into exit code 2 with a one-line message."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except TitleoptError as exc:
            raise _fail(str(exc)) from None

    return wrapper


def _fail(message: str) -> click.exceptions.Exit:
    click.echo(f"titleopt: error: {message}", err=True)
    return click.exceptions.Exit(2)


def echo_json(data: Any) -> None:
    """Print one JSON document (pydantic models are dumped by field name)."""
    click.echo(json.dumps(_plain(data), ensure_ascii=False, indent=2))


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


@main.command()
@click.option("--platform", "-p", default="taobao", show_default=True)
@handle_errors
def demo(platform: str) -> None:
    """Run the whole pipeline on the shipped sample data."""
    from .demo import run_demo

    run_demo(platform=platform, echo=click.echo)


# -- commands added by later modules go below; keep each a few lines --------


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
