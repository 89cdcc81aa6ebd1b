"""Markdown as the site renders it, for the check and the printed booklets: mkdocs.yml's
extensions and their settings, one reader reused from text to text."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path


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
