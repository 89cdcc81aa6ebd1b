"""Between editors' text and Markdown: escaping text into it, taking plain text out of it."""

import html
import posixpath
import re

# Characters Python-Markdown (with tables) treats as markup when unescaped.
_MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()#+\-.!|])")


def md_text(text: object) -> str:
    """Escape text for inline Markdown: Markdown specials, then <, > and &."""
    escaped = _MARKDOWN_SPECIALS.sub(r"\\\1", str(text))
    return html.escape(escaped, quote=False)


_SKIPPED_BLOCKS = ("#", "!", "<", "|", "-", "*", "+", ">", "```", "~~~", "???", "1.")
_SHORTEST = 20  # shorter paragraphs are greetings such as "同志们：", not summaries


def first_paragraph(body: str, length: int) -> str:
    """The first real paragraph of prose as plain text, shortened to `length` characters."""
    for block in re.split(r"\n\s*\n", body):
        if not block.strip() or block.lstrip().startswith(_SKIPPED_BLOCKS):
            continue
        # Each class stops at the next opening mark too, so a run of "[" or "<" is read once, not once per mark.
        text = re.sub(r"!?\[([^\[\]]*)\]\([^()]*\)", r"\1", block)  # links keep their words
        text = re.sub(r"<[^<>]+>|\{[^{}]*\}", "", text)  # HTML tags, attribute lists
        text = re.sub(r"[*_`]|\\(?=\S)", "", " ".join(text.split()))
        if len(text) < _SHORTEST:
            continue
        return text if len(text) <= length else text[: length - 1] + "…"
    return ""


def relative_link(page_src: str, target_src: str) -> str:
    """A link from one source file to another, for MkDocs to turn into a URL."""
    return posixpath.relpath(target_src, posixpath.dirname(page_src) or ".")


_FENCE = re.compile(r"^\s*(`{3,}|~{3,})")
# A code span as Python-Markdown finds one: a run of backticks not escaped by a backslash (an even
# number of backslashes before it escape each other), then the same run again, not longer.
_CODE_SPAN = re.compile(r"(?<![\\`])((?:\\\\)*)(`++)(.+?)(?<!`)\2(?!`)")
# Markdown's automatic links, as Python-Markdown reads them: <https://…>, <ftp://…>, <name@host>.
_AUTOLINK = re.compile(r"<(?:[Ff]|[Hh][Tt])[Tt][Pp][Ss]?://[^<>]*>|<[^<> !]+@[^@<> ]+>")


def blank_code(text: str) -> str:
    """The text with code blocks, code spans and automatic links turned to spaces, line numbers kept:
    what is left is what Markdown reads as links, pictures and HTML."""
    lines = text.split("\n")
    fence = None
    for index, line in enumerate(lines):
        if match := _FENCE.match(line):
            marker = match.group(1)
            if fence is None:
                fence = marker[0] * 3
            elif marker.startswith(fence):
                fence = None
            lines[index] = ""
        elif fence is not None:
            lines[index] = ""
        else:
            line = _CODE_SPAN.sub(lambda m: " " * len(m.group(0)), line)
            lines[index] = _AUTOLINK.sub(lambda m: " " * len(m.group(0)), line)
    return "\n".join(lines)


# What Markdown reads from an opening mark to its closing one: link text, a link's address, a code
# span, an HTML tag. Python-Markdown looks for the closing mark from every opening one, so its time
# grows with the product of the marks and the distance between them: a paragraph of 20,000 "[" took
# more than a minute, unclosed "<b" in 4,000 paragraphs five seconds (raw HTML is read across the
# whole page). A paragraph, or a page, whose reading would cost more than these many characters is
# refused by the check, before Markdown or any of the portal's own patterns reads it.
MARKUP_BUDGET = 400_000  # one paragraph, about a tenth of a second
PAGE_MARKUP_BUDGET = 2_000_000  # a whole page
_OPENING_OR_CLOSING = re.compile(r"\\.|\]\(|[\[\]()]")
_TAG_MARKS = re.compile(r"<(?=[A-Za-z/!?])|>")
_BACKTICKS = re.compile(r"(?<!\\)`+")
_TOO_COSTLY = ("这一段里没有配对的方括号“[ ]”、圆括号“( )”、尖括号“< >”或反引号“`”太多了（从这一行开始），"
               "网站生成时要花很长时间，甚至卡住。请检查是不是粘贴进了乱码；要写这些符号本身，请在前面加“\\”，"
               "或改用中文括号“【】（）”。")


def markup_cost_problem(body: str, first_line: int = 1) -> tuple[int, str] | None:
    """(line, Chinese message) where Markdown could not read the text in reasonable time, else None."""
    line, total = first_line, 0
    for block in re.split(r"(\n[ \t]*\n)", body):
        cost, offset = _paragraph_cost(block)
        total += cost
        if cost > MARKUP_BUDGET or total > PAGE_MARKUP_BUDGET:
            return line + block.count("\n", 0, offset), _TOO_COSTLY
        line += block.count("\n")
    cost, offset = _tag_cost(body)
    if cost > MARKUP_BUDGET or total + cost > PAGE_MARKUP_BUDGET:
        return first_line + body.count("\n", 0, offset), _TOO_COSTLY
    return None


def _paragraph_cost(block: str) -> tuple[int, int]:
    """How many characters Markdown reads between opening and closing brackets, link addresses and
    code spans in one paragraph, and where the first mark that stays open is."""
    if not any(mark in block for mark in "[`"):
        return 0, 0
    cost = 0
    brackets, addresses, parentheses = [], [], []  # where each open mark stands
    for match in _OPENING_OR_CLOSING.finditer(block):
        mark, at = match.group(0), match.start()
        if mark[0] == "\\":
            continue  # an escaped mark is text
        if mark in ("]", "]("):
            if brackets:
                cost += at - brackets.pop()
            if mark == "](":
                addresses.append(at)
        elif mark == "[":
            brackets.append(at)
        elif mark == "(":
            if addresses:
                parentheses.append(at)  # inside an address: Markdown pairs it with a ")"
        elif parentheses:
            parentheses.pop()
        elif addresses:
            cost += at - addresses.pop()
    still_open = brackets + addresses
    runs: dict[int, int] = {}  # a run of backticks waits for the next run of the same length
    for match in _BACKTICKS.finditer(block):
        length = len(match.group(0))
        if length in runs:
            cost += match.start() - runs.pop(length)
        else:
            runs[length] = match.start()
    still_open += runs.values()
    cost += sum(len(block) - at for at in still_open)
    return cost, min(still_open, default=0)


def _tag_cost(body: str) -> tuple[int, int]:
    """How many characters an HTML reader reads from each "<" of a tag to the next ">", over the
    whole page, and where the "<" that reads the most is."""
    if "<" not in body:
        return 0, 0
    cost, worst, at, closing = 0, -1, 0, len(body)
    for match in reversed(list(_TAG_MARKS.finditer(body))):
        if match.group(0) == ">":
            closing = match.start()
            continue
        distance = closing - match.start()
        cost += distance
        if distance > worst:
            worst, at = distance, match.start()
    return cost, at
