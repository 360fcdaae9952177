"""What every command shares: the global options, the settings they name, and how a command
fails (one readable line, never a traceback)."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import click

from tradeoffs.core.config import ConfigError, Settings, load_settings

F = TypeVar("F", bound=Callable[..., Any])


def fail(message: str, code: int = 1) -> NoReturn:
    """Print `message` as the command's one line of complaint and exit with `code`."""
    click.echo(f"tradeoffs: {message}", err=True)
    sys.exit(code)


def _remember(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
    """Store a global option in the root context, whether given before or after the command."""
    if value is not None and param.name is not None:
        root = ctx.find_root()
        if root.obj is None:
            root.obj = {}
        root.obj[param.name] = value
    return value


def global_options(func: F) -> F:
    """`-f/--config-file`, `--decisions-dir` and `--frameworks-dir`, accepted on the group and
    on every command (`tradeoffs check -f other.yml` as well as `tradeoffs -f other.yml check`)."""
    func = click.option(
        "--frameworks-dir",
        type=click.Path(file_okay=False),
        expose_value=False,
        callback=_remember,
        help="Override frameworks_dir.",
    )(func)
    func = click.option(
        "--decisions-dir",
        type=click.Path(file_okay=False),
        expose_value=False,
        callback=_remember,
        help="Override decisions_dir.",
    )(func)
    func = click.option(
        "-f",
        "--config-file",
        type=click.Path(dir_okay=False, path_type=Path),
        expose_value=False,
        callback=_remember,
        help="The MkDocs (or ProperDocs) config to read the `tradeoffs` plugin "
        "options from (default: mkdocs.yml, else properdocs.yml, here).",
    )(func)
    return func


def settings_of(ctx: click.Context) -> Settings:
    """The settings the global options name; a broken configuration ends the command."""
    opts = ctx.find_root().obj or {}
    overrides: dict[str, Any] = {}
    for key in ("decisions_dir", "frameworks_dir"):
        if opts.get(key):
            overrides[key] = str(Path(opts[key]).resolve())
    try:
        return load_settings(opts.get("config_file"), overrides=overrides)
    except ConfigError as exc:
        fail("\n".join(p.format() for p in exc.problems))


def guard(func: F) -> F:
    """Turn an unexpected failure into one readable line instead of a traceback."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except (click.exceptions.Exit, click.ClickException, SystemExit, KeyboardInterrupt):
            raise
        except OSError as exc:  # a read-only folder, a full disk, a file where a folder should be
            where = f"{exc.filename}: " if exc.filename else ""
            fail(f"{where}{exc.strerror or exc}")
        except Exception as exc:  # the last line of defence; TRADEOFFS_DEBUG=1 shows the trace
            if os.environ.get("TRADEOFFS_DEBUG"):
                raise
            fail(
                f"internal error ({type(exc).__name__}: {exc}); please report it with the "
                "command and file that caused it (set TRADEOFFS_DEBUG=1 for details)",
                3,
            )

    return wrapper  # type: ignore[return-value]


def command(name: str | None = None) -> Callable[[F], click.Command]:
    """A command that takes the context, the global options, and fails with one line."""

    def make(func: F) -> click.Command:
        return click.command(name)(global_options(click.pass_context(guard(func))))

    return make
