"""Running MkDocs for publish and the preview: its public API only (load_config, build), so ProperDocs runs it too.

MkDocs' own messages reach the editor through its logger; the hook has already put the ones about
content into Chinese. Whatever goes wrong ends as BuildFailed, never as a traceback.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from . import build_scope

if TYPE_CHECKING:
    from .checker import Remembered

# The key of the loaded MkDocs configuration under which a caller hands the build's check its
# memory of earlier checks (checker.Remembered; the hook reads it): no cache outside the callers.
REMEMBERED_KEY = "portal_check_remembered"


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
               remembered: Remembered | None = None) -> None:
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
            config[REMEMBERED_KEY] = remembered
        build(config)
    except MkDocsException as error:
        raise BuildFailed(str(error)) from error
    except SystemExit as error:  # MkDocs' Abort is a SystemExit too
        raise BuildFailed(str(error)) from error
    finally:
        logger.removeHandler(printer)
