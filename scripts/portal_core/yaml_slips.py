"""The slips a Chinese input method makes in front matter, each named at its own line with its fix.

YAML reports them late and in English (a full-width colon on line 2 surfaces as an error about
line 3), or not at all (`title: 学习第3讲 #重点` silently loses `#重点`). These checks read the
lines as typed, before and beside the YAML parser.
"""

from __future__ import annotations

import re

from .contract import TEXT_KEYS

_KEY = r"[A-Za-z_][\w-]*"
_FULL_WIDTH_COLON = re.compile(rf"^\s*(?:-\s+)?({_KEY})\s*：")
_ODD_SPACE = "\u00a0\u3000\u2002\u2003\u2009\u200b\ufeff"
_ODD_SPACE_AFTER_COLON = re.compile(rf"^\s*(?:-\s+)?({_KEY}):[ \t]*[{_ODD_SPACE}]")
_ODD_INDENT = re.compile(rf"^[ \t]*[{_ODD_SPACE}]")
_NO_SPACE = re.compile(rf"^\s*(?:-\s+)?({_KEY}):([^\s{_ODD_SPACE}/].*)$")
_TEXT_VALUE = re.compile(rf"^\s*({_KEY}):[ \t]+(.*)$")
_HASHTAG = re.compile(r"(?<=\s)#(?=\S)|^#")
SPECIAL_FIRST = "@[{*&!|>%`"


def slips(yaml_text: str, first_line: int) -> list[tuple[int, str, str]]:
    """(line, key, message) for every slip whose fix is certain, whether or not YAML can read the text."""
    found = []
    for offset, line in enumerate(yaml_text.split("\n")):
        number = first_line + offset
        if match := _FULL_WIDTH_COLON.match(line):
            key = match.group(1)
            found.append((number, key, f"“{key}”后面的冒号是中文冒号“：”。"
                                       f"请改成英文冒号，并在冒号后空一格，写成“{key}: …”。"))
        elif match := _ODD_SPACE_AFTER_COLON.match(line):
            found.append((number, match.group(1), f"“{match.group(1)}:”后面是一个全角空格或从 Word 复制来的特殊空格，"
                                  "看起来一样，其实不同。请删掉冒号后面的空格，重新敲一个普通空格（半角）。"))
        elif _ODD_INDENT.match(line):
            found.append((number, "", "这一行开头有全角空格或特殊空格。请删掉行首的空格，重新用普通空格（半角）缩进。"))
        elif match := _NO_SPACE.match(line):
            key, rest = match.group(1), match.group(2)
            found.append((number, key,
                          f"冒号后面要空一格：请把“{key}:{_short(rest, 8)}”改成“{key}: {_short(rest, 8)}”。"))
        elif (match := _TEXT_VALUE.match(line)) and match.group(1) in TEXT_KEYS:
            key, value = match.group(1), match.group(2).strip()
            if value[:1] not in "\"'" and _HASHTAG.search(value):
                kept = value[: _HASHTAG.search(value).start()].strip()
                now = f"现在只剩“{kept}”" if kept else "现在是空的"
                found.append((number, key, f"{key} 里的“#”和它后面的文字会被当成注释删掉（{now}）。"
                                      f"请给整个值加英文引号，写成 {key}: \"{_short(value)}\"。"))
    return found


def _short(value: str, length: int = 24) -> str:
    return value if len(value) <= length else value[:length] + "…"


def special_first_character(yaml_text: str, first_line: int, key: str) -> tuple[int, str] | None:
    """The slip when a text value starts with a character YAML reads as syntax (`@全体党员…`, `[专题]…`)."""
    for offset, line in enumerate(yaml_text.split("\n")):
        match = _TEXT_VALUE.match(line)
        if match and match.group(1) == key:
            value = match.group(2).strip()
            if value[:1] in SPECIAL_FIRST:
                quoted = _short(value).replace('"', "“")
                return first_line + offset, (f"{key} 以“{value[0]}”开头，YAML 会把它当成特殊符号。"
                                             f"请给整个值加英文引号，写成 {key}: \"{quoted}\"。")
    return None


def special_first_anywhere(yaml_text: str, first_line: int) -> list[tuple[int, str]]:
    """Every text key whose value starts with a special character: when YAML cannot read the text."""
    found = []
    for key in TEXT_KEYS:
        if slip := special_first_character(yaml_text, first_line, key):
            found.append(slip)
    return found
