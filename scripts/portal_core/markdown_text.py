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
        text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", block)  # links keep their words
        text = re.sub(r"<[^>]+>|\{[^}]*\}", "", text)  # HTML tags, attribute lists
        text = re.sub(r"[*_`]|\\(?=\S)", "", " ".join(text.split()))
        if len(text) < _SHORTEST:
            continue
        return text if len(text) <= length else text[: length - 1] + "…"
    return ""


def relative_link(page_src: str, target_src: str) -> str:
    """A link from one source file to another, for MkDocs to turn into a URL."""
    return posixpath.relpath(target_src, posixpath.dirname(page_src) or ".")


_FENCE = re.compile(r"^\s*(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(`+)(.+?)\1")
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
