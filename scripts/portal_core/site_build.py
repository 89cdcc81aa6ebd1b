"""Running MkDocs for publish and the preview: its public API only (load_config, build), so ProperDocs runs it too.

MkDocs' own messages reach the editor through its logger; the hook has already put the ones about
content into Chinese. Whatever goes wrong ends as BuildFailed, never as a traceback.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable, Iterable
from pathlib import Path

from . import build_scope, checker


class BuildFailed(Exception):
    """The site was not built; the reasons were printed as they came."""


class _Reporter(logging.Handler):
    def __init__(self, report: Callable[[str], None]) -> None:
        super().__init__(level=logging.WARNING)
        self.report = report

    def emit(self, record: logging.LogRecord) -> None:
        self.report(record.getMessage())


def _to_terminal(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def build_site(config_file: Path, site_dir: Path, site_url: str | None = None,
               report: Callable[[str], None] = _to_terminal, items: Iterable[str] | None = None,
               remembered: checker.Remembered | None = None) -> None:
    """Build into site_dir for the address site_url (else mkdocs.yml's); every warning and error is
    said through `report` as it comes. `items`: the preview's 晨学 items (build_scope), else all;
    `remembered`: the caller's memory of earlier checks (checker.Remembered), else none."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    printer = _Reporter(report)
    logger = logging.getLogger("mkdocs")
    logger.addHandler(printer)
    try:
        overrides = {"site_url": site_url} if site_url else {}
        config = load_config(str(config_file), site_dir=str(site_dir), strict=True, **overrides)
        if items is not None:
            config[build_scope.CONFIG_KEY] = frozenset(items)
        if remembered is not None:
            config[checker.REMEMBERED_KEY] = remembered
        build(config)
    except MkDocsException as error:
        raise BuildFailed(str(error)) from error
    except SystemExit as error:  # MkDocs' Abort is a SystemExit too
        raise BuildFailed(str(error)) from error
    finally:
        logger.removeHandler(printer)


def markdown_renderer(config_file: Path) -> Callable[[str], str]:
    """Markdown as the site renders it: mkdocs.yml's extensions and their settings (MkDocs' own
    loader reads the `!!python/name:` tags there), for the check and the printed booklets."""
    from mkdocs.config import load_config

    config = load_config(str(config_file))
    return renderer(list(config.markdown_extensions), dict(config.mdx_configs))


def renderer(extensions: list, settings: dict) -> Callable[[str], str]:
    """One Markdown reader with these extensions, reset before each text (setting one up costs more
    than rendering a 晨学 item), set up on the first text: a preview build whose pages hold no
    markup never pays for it."""
    import markdown

    made: list[markdown.Markdown] = []

    def render(text: str) -> str:
        if not made:
            made.append(markdown.Markdown(extensions=extensions, extension_configs=settings))
        made[0].reset()
        return made[0].convert(text)

    return render
