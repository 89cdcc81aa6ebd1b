"""The settings editors can change that the core needs: the branches and the 晨学 topics.

The branches stay where Material's blog plugin needs them (mkdocs.yml); the topics live in
docs/morning/topics.yml, a list editors edit without touching mkdocs.yml.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from .problems import Problem

TOPICS_FILE = "morning/topics.yml"


@dataclass(frozen=True)
class Settings:
    root: Path
    docs_dir: Path
    branches: tuple[str, ...]
    topics: tuple[str, ...]
    site_path: str  # where the site is mounted, "/" unless site_url says otherwise

    def shown(self, path: Path) -> str:
        """A path as editors see it: relative to the project folder."""
        for candidate, root in ((path, self.root), (path.resolve(), self.root.resolve())):
            if candidate.is_relative_to(root):
                return candidate.relative_to(root).as_posix()
        return path.as_posix()


class _LenientLoader(yaml.SafeLoader):
    """Reads mkdocs.yml without importing what its !!python tags name."""


_LenientLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)
_LenientLoader.add_multi_constructor("!", lambda loader, suffix, node: None)


def load_settings(root: Path, config_file: str = "mkdocs.yml") -> tuple[Settings, list[Problem]]:
    config = yaml.load((root / config_file).read_text(encoding="utf-8-sig"), _LenientLoader) or {}
    docs_dir = root / config.get("docs_dir", "docs")
    site_path = urlsplit(config.get("site_url") or "/").path or "/"
    if not site_path.endswith("/"):
        site_path += "/"
    topics, problems = _read_topics(root, docs_dir / TOPICS_FILE)
    settings = Settings(
        root=root,
        docs_dir=docs_dir,
        branches=tuple(_blog_option(config, "categories_allowed") or ()),
        topics=topics,
        site_path=site_path,
    )
    return settings, problems


def _blog_option(config: dict, name: str):
    for plugin in config.get("plugins") or []:
        if isinstance(plugin, dict):
            for plugin_name, options in plugin.items():
                if plugin_name in ("blog", "material/blog") and isinstance(options, dict):
                    return options.get(name)
    return None


def _read_topics(root: Path, path: Path) -> tuple[tuple[str, ...], list[Problem]]:
    shown = path.relative_to(root).as_posix() if path.is_relative_to(root) else path.as_posix()
    hint = "主题列表应该一行一个，写成“- 政治理论”。"
    if not path.is_file():
        return (), [Problem(shown, 1, f"找不到晨学主题列表文件。{hint}")]
    try:
        topics = yaml.safe_load(path.read_text(encoding="utf-8-sig"))
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        line = getattr(getattr(error, "problem_mark", None), "line", 0) + 1
        return (), [Problem(shown, line, f"主题列表的格式有误。{hint}")]
    if not isinstance(topics, list) or not topics or not all(isinstance(t, str) and t.strip() for t in topics):
        return (), [Problem(shown, 1, f"主题列表的格式有误。{hint}")]
    return tuple(t.strip() for t in topics), []
