"""The one way the portal reads YAML that editors write: front matter, settings.yml, topics.yml.

YAML can say a lot in little text. Aliases (`*name`) repeat a value without writing it again, so
2 KB of them expand to billions of values (a "billion laughs"); brackets nest deeper than Python
can recurse; a key may be a list. Before anything is built from a file, its event stream is read
once (by libyaml, in constant memory) and refused at the first such construct, with the line.
"""

from __future__ import annotations

import re

import yaml

# libyaml when PyYAML has it: thousands of front matters parse fast.
Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

MAX_DEPTH = 10  # lists and mappings inside each other; editors' files need 3
MAX_TEXT = 64 * 1024  # characters: a front matter or a settings file is a few hundred

_NODE_EVENTS = (yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent, yaml.AliasEvent)
# An unquoted value YAML reads as a number (0x…, 1:00:00, 1e…): Python refuses to turn one of
# thousands of digits into text, so a message or a page showing it would fail.
_NUMBER = re.compile(r"[-+]?(?:0[xob][0-9a-fA-F_]+|[0-9][0-9_:.eE+-]*)")
NUMBER_DIGITS = 30

ALIAS_MESSAGE = "不能用“&名字”和“*名字”这种引用写法，请把每一项的值直接写出来。"
DEPTH_MESSAGE = f"括号或缩进嵌套太深了（超过 {MAX_DEPTH} 层）。每一项写成简单的文字或列表即可。"
KEY_MESSAGE = "名称只能是一段文字：这一行的名称写成了列表或括号。请写成“名称: 值”，例如 title: 今日学习。"
NUMBER_MESSAGE = f"这一项的数字太长了（超过 {NUMBER_DIGITS} 位），门户读不了。如果它是一段文字，请给它加上英文引号。"
SIZE_MESSAGE = f"这部分太长了（超过 {MAX_TEXT // 1024} K 个字符），一般只有几行。请检查是不是把正文写进去了。"


def structure_problem(text: str) -> tuple[int, str] | None:
    """(0-based line, Chinese message) of the first construct the portal refuses, else None.

    Syntax errors are not this function's business: it returns None and leaves them to the
    caller's parser, which says where the YAML is broken.
    """
    if len(text) > MAX_TEXT:
        return 0, SIZE_MESSAGE
    stack: list[list] = []  # [is_mapping, nodes seen] of each open collection
    try:
        for event in yaml.parse(text, Loader=Loader):
            line = event.start_mark.line
            if isinstance(event, _NODE_EVENTS):
                if stack and stack[-1][0] and stack[-1][1] % 2 == 0 and not isinstance(event, yaml.ScalarEvent):
                    return line, KEY_MESSAGE
                if stack:
                    stack[-1][1] += 1
                if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                    return line, ALIAS_MESSAGE
                if (isinstance(event, yaml.ScalarEvent) and not event.style and len(event.value) > NUMBER_DIGITS
                        and _NUMBER.fullmatch(event.value)):
                    return line, NUMBER_MESSAGE
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                stack.append([isinstance(event, yaml.MappingStartEvent), 0])
                if len(stack) > MAX_DEPTH:
                    return line, DEPTH_MESSAGE
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                stack.pop()
    except yaml.YAMLError:
        return None
    return None


def compose(text: str):
    """The node tree of a text that `structure_problem` let through (raises YAMLError on bad syntax)."""
    loader = Loader(text)
    try:
        return loader.get_single_node()
    finally:
        loader.dispose()


def load(text: str, loader=None):
    """The value of a text that `structure_problem` let through (raises YAMLError on bad syntax)."""
    return yaml.load(text, loader or Loader)
