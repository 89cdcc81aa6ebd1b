"""The settings editors can change: the branches and the kiosk (docs/morning/settings.yml) and
the 晨学 topics (docs/morning/topics.yml) — two small commented files beside each other, checked
like content, so no editor needs to touch mkdocs.yml.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from . import editor_yaml
from .content import yaml_problem
from .problems import Problem, shortened

TOPICS_FILE = "morning/topics.yml"
SETTINGS_FILE = "morning/settings.yml"
TOPIC_LENGTH = 12


@dataclass(frozen=True)
class Settings:
    root: Path
    docs_dir: Path
    branches: tuple[str, ...]
    topics: tuple[str, ...]
    mkdocs: dict = field(default_factory=dict, compare=False)  # mkdocs.yml as read, for the nav check
    config_file: str = "mkdocs.yml"
    kiosk: dict = field(default_factory=dict, compare=False)  # the kiosk's settings, defaults filled in
    printing: dict = field(default_factory=dict, compare=False)  # the booklets' paper and cover, defaults filled in
    # False when the file that lists them has a problem: what it holds is not known, so no page is
    # blamed for naming a branch or topic that is not in it (the file's own problem is said instead).
    branches_known: bool = True
    topics_known: bool = True

    @property
    def theme_dir(self) -> Path:
        """The portal's own templates, styles, scripts and emblem (mkdocs.yml's theme.custom_dir):
        kept by its developers, out of docs/, so nothing an editor adds can change them."""
        theme = self.mkdocs.get("theme") if isinstance(self.mkdocs.get("theme"), dict) else {}
        return self.root / (theme.get("custom_dir") or "overrides")

    def shown(self, path: Path) -> str:
        """A path as editors see it: relative to the project folder."""
        for candidate, root in ((path, self.root), (path.resolve(), self.root.resolve())):
            if candidate.is_relative_to(root):
                return candidate.relative_to(root).as_posix()
        return path.as_posix()


class _LenientLoader(editor_yaml.Loader):
    """Reads mkdocs.yml without importing what its !!python tags name."""


_LenientLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)
_LenientLoader.add_multi_constructor("!", lambda loader, suffix, node: None)


def load_settings(root: Path, config_file: str = "mkdocs.yml") -> tuple[Settings, list[Problem]]:
    config, _lines, problems = _read_yaml(root / config_file, config_file, "网站配置文件里", _LenientLoader)
    config = config if isinstance(config, dict) else {}
    docs_dir = root / config.get("docs_dir", "docs")
    topics, topic_problems = _read_topics(root, docs_dir / TOPICS_FILE)
    problems += topic_problems
    shown = _shown(root, docs_dir / SETTINGS_FILE)
    editable, lines, editable_problems = _read_yaml(docs_dir / SETTINGS_FILE, shown, "设置文件里")
    problems += editable_problems
    editable = editable if isinstance(editable, dict) else {}
    branches = editable.get("branches")
    if editable_problems:  # the file could not be read: what it holds is not known, so not said missing
        branches = branches if isinstance(branches, list) else []
    elif not isinstance(branches, list) or not branches:
        problems.append(Problem(shown, 1, "设置文件里缺少支部名单 branches，请写成\nbranches:\n  - 机关党支部"))
        branches = []
    branch_problems = _check_branches(lines, shown, tuple(branches))
    problems += branch_problems
    kiosk_raw = editable.get("kiosk") if isinstance(editable.get("kiosk"), dict) else {}
    kiosk, kiosk_problems = _kiosk(lines, shown, kiosk_raw)
    problems += kiosk_problems
    printing, print_problems = _printing(lines, shown, editable.get("print"))
    problems += print_problems
    settings = Settings(
        root=root,
        docs_dir=docs_dir,
        branches=tuple(branch for branch in branches if isinstance(branch, str)),
        topics=topics,
        mkdocs=config,
        config_file=config_file,
        kiosk=kiosk,
        printing=printing,
        branches_known=not editable_problems and not branch_problems,
        topics_known=not topic_problems,
    )
    return settings, problems


PRINT_DEFAULTS = {"paper": "A5", "bureau": "市市场监督管理局", "editor": "机关党建办公室"}
PAPERS = ("A5", "A4")


def _printing(lines: list[str], shown: str, raw) -> tuple[dict, list[Problem]]:
    """The booklets' settings: the paper size and the names on the cover."""
    settings, problems = dict(PRINT_DEFAULTS), []
    raw = raw if isinstance(raw, dict) else {}
    for key, value in raw.items():
        line = _line_of_setting(lines, key, "print")
        if key not in PRINT_DEFAULTS:
            problems.append(Problem(shown, line, f"print 里不认识“{shortened(key)}”。可用的有："
                                                 f"{'、'.join(PRINT_DEFAULTS)}。"))
        elif key == "paper" and str(value).upper() not in PAPERS:
            problems.append(Problem(shown, line, f"纸张大小 paper 只能是 {' 或 '.join(PAPERS)}，"
                                                 f"现在是“{shortened(value)}”。"))
        elif key == "paper":
            settings[key] = str(value).upper()
        elif not isinstance(value, str) or not value.strip() or re.search(r"[<>&\"{}\[\]]", value):
            problems.append(Problem(shown, line, f"print 的 {key} 应该是一段文字，不能有 < > & 引号或括号这类符号。"))
        else:
            settings[key] = value.strip()
    return settings, problems


# The corridor screen's settings (`kiosk:`): what each may be, and the defaults.
KIOSK_SLIDES = ("morning", "question", "activities", "knowledge", "lecture")
KIOSK_DEFAULTS = {"interval": 20, "answer_delay": 10, "poll": 300, "activities": 3, "slides": list(KIOSK_SLIDES)}


def kiosk_settings(raw: dict | None) -> tuple[dict, list[tuple[str, str]]]:
    """The kiosk part of the settings file with defaults filled in; (key, Chinese message) for bad values."""
    raw = raw or {}
    settings = dict(KIOSK_DEFAULTS)
    problems = []
    for key in ("interval", "answer_delay", "poll", "activities"):
        if key in raw:
            value = raw[key]
            if not isinstance(value, int) or isinstance(value, bool) or value < 1:
                problems.append((key, f"kiosk 的 {key} 应该是一个正整数（秒或条数），现在是“{shortened(value)}”。"))
            else:
                settings[key] = value
    if "slides" in raw:
        slides = raw["slides"]
        unknown = [s for s in slides if s not in KIOSK_SLIDES] if isinstance(slides, list) else [slides]
        if unknown or not slides:
            problems.append(("slides", f"kiosk 的 slides 只能从这些里选：{'、'.join(KIOSK_SLIDES)}；"
                                       f"不认识：{shortened('、'.join(map(shortened, unknown))) or '（空）'}。"))
        else:
            settings["slides"] = list(slides)
    for key in raw:
        if key not in KIOSK_DEFAULTS:
            problems.append((key, f"kiosk 里不认识“{shortened(key)}”。可用的设置：{'、'.join(KIOSK_DEFAULTS)}。"))
    return settings, problems


def _kiosk(lines: list[str], shown: str, raw: dict) -> tuple[dict, list[Problem]]:
    """The kiosk's settings, and a problem at its own line for each bad value."""
    settings, problems = kiosk_settings(raw)
    found = []
    for key, message in problems:
        found.append(Problem(shown, _line_of_setting(lines, key, "kiosk"), message))
    return settings, found


def _line_of_setting(lines: list[str], key: str, section: str) -> int:
    """The first indented `key:` line of the settings file, quoted or not (the key is a name, not a
    pattern); the section's own line when it is not found, so a message still points near it."""
    key_line = re.compile(rf"\s+[\"']?{re.escape(str(key))}[\"']?\s*:")
    found = next((n for n, row in enumerate(lines, 1) if key_line.match(row)), None)
    return found or next((n for n, row in enumerate(lines, 1) if row.startswith(f"{section}:")), 1)


def _shown(root: Path, path: Path) -> str:
    return path.relative_to(root).as_posix() if path.is_relative_to(root) else path.as_posix()


def _read_yaml(path: Path, shown: str, where: str,
               loader=editor_yaml.Loader) -> tuple[object, list[str], list[Problem]]:
    """A settings file's contents and lines (for messages), or the Chinese problem where YAML stumbled."""
    if not path.is_file() or path.is_symlink():
        return None, [], [Problem(shown, 1, f"找不到设置文件 {shown}。")]
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        return None, [], [Problem(shown, 1, "文件不是 UTF-8 编码。请用记事本打开，选“另存为”，把“编码”改成“UTF-8”"
                                            "后保存。")]
    if refused := editor_yaml.structure_problem(text):
        return None, text.split("\n"), [Problem(shown, refused[0] + 1, where + refused[1])]
    try:
        return editor_yaml.load(text, loader), text.split("\n"), []
    except yaml.YAMLError as error:
        return None, text.split("\n"), [yaml_problem(shown, text, error, 1)]


def _read_topics(root: Path, path: Path) -> tuple[tuple[str, ...], list[Problem]]:
    """The topic list, each topic checked as the text it is: it names a page and a folder."""
    shown = _shown(root, path)
    hint = "主题列表应该一行一个，写成“- 政治理论”。"
    if not path.is_file() or path.is_symlink():
        return (), [Problem(shown, 1, f"找不到晨学主题列表文件。{hint}")]
    try:
        text = path.read_text(encoding="utf-8-sig")
        if refused := editor_yaml.structure_problem(text):
            return (), [Problem(shown, refused[0] + 1, "主题列表里" + refused[1])]
        node = editor_yaml.compose(text)
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        line = getattr(getattr(error, "problem_mark", None), "line", 0) + 1
        return (), [Problem(shown, line, f"主题列表的格式有误。{hint}")]
    if not isinstance(node, yaml.SequenceNode) or not node.value:
        return (), [Problem(shown, 1, f"主题列表的格式有误。{hint}")]
    topics, problems = [], []
    for item in node.value:
        line = item.start_mark.line + 1
        topic = item.value.strip() if isinstance(item, yaml.ScalarNode) and isinstance(item.value, str) else ""
        problem = _topic_problem(topic, topics)
        if problem:
            problems.append(Problem(shown, line, problem + hint))
        else:
            topics.append(topic)
    return tuple(topics), problems


def _topic_problem(topic: str, earlier: list[str]) -> str | None:
    if not topic:
        return "这一项不是一个主题名称。"
    if re.search(r"[<>&\"'/\\#?%{}\[\]]", topic):
        return f"主题“{topic}”里有符号。主题名称只能用汉字、字母和数字，因为它也是网址的一部分。"
    if len(topic) > TOPIC_LENGTH:
        return f"主题“{topic}”太长了，请不超过 {TOPIC_LENGTH} 个字。"
    if topic in earlier:
        return f"主题“{topic}”写了两次，请删掉一个。"
    return None


def _check_branches(lines: list[str], shown: str, branches: tuple) -> list[Problem]:
    """The branches are shown on every activity report: text, once each."""
    problems = []
    for index, branch in enumerate(branches):
        first = branch.split(" - ")[0].strip() if isinstance(branch, str) else None
        line = next((number for number, row in enumerate(lines, 1) if first and first in row), 1)
        if not isinstance(branch, str) or not branch.strip():
            problems.append(Problem(shown, line, "branches 的每一项都应该是一个支部名称。"))
        elif " - " in branch:  # "  - 甲" under " - 乙": YAML reads the lines as one name
            problems.append(Problem(shown, line, "支部名单的这几行连成了一个名称，因为“-”前面的空格数不一样。"
                                                 "请让每一行都写成“  - 支部名称”，各行的“-”上下对齐。"))
        elif re.search(r"[<>&\"{}\[\]]", branch):
            problems.append(Problem(shown, line, f"支部名称“{branch}”里不能有 < > & 引号或括号这类符号，请只写名称。"))
        elif branch in branches[:index]:
            problems.append(Problem(shown, line, f"支部“{branch}”写了两次，请删掉一个。"))
    return problems
