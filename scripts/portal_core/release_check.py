"""A built release, checked before it may go live: its pages link only to files it holds, and the
files the 晨学 page, the search and the corridor screen read are there and well formed."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from .contract import INDEX_KEYS
from .sections import MORNING_INDEX

_LINK = re.compile(r'\s(?:href|src)="([^"]*)"')
_POLICY = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)"')
_OUTSIDE = re.compile(r"^(?:[a-zA-Z][a-zA-Z0-9+.-]*:|//)")
SHOWN = 20  # broken links listed; the rest counted


def verify(site: Path, header_policy: str, site_path: str = "/") -> list[str]:
    """Chinese sentences, one per fault; an empty list means the release may go live."""
    files = {path.relative_to(site).as_posix() for path in site.rglob("*") if path.is_file()}
    problems = _required_files(site, files)
    broken, other_policies = [], 0
    for page in sorted(name for name in files if name.endswith(".html")):
        html = (site / page).read_text(encoding="utf-8", errors="replace")
        page_url = "/" + page
        for link in _LINK.findall(html):
            target = _target(page_url, link, site_path)
            if target is not None and target not in files:
                broken.append(f"{page} → {link}")
        policy = _POLICY.search(html)
        if policy and policy.group(1).replace("&#39;", "'").replace("&#x27;", "'") != header_policy:
            other_policies += 1
    if broken:
        listed = "；".join(broken[:SHOWN]) + (f"；另有 {len(broken) - SHOWN} 处" if len(broken) > SHOWN else "")
        problems.append(f"有 {len(broken)} 个链接或文件指向发布版本里不存在的文件：{listed}。")
    if other_policies:
        problems.append(f"{other_policies} 个页面的内容安全策略与服务器配置里的不同（可能是主题升级后加了内联脚本），"
                        "服务器会拦下这些页面的脚本。请技术人员检查 overrides/ 与 scripts/portal_core/csp.py。")
    return problems


def _target(page_url: str, link: str, site_path: str) -> str | None:
    """The file a link of a page needs, or None for links that leave the release or stay on the page."""
    link = link.replace("&amp;", "&")
    if not link or link.startswith("#") or _OUTSIDE.match(link):
        return None
    if link.startswith("/"):  # written for the host: the release sits at site_path on it
        if not link.startswith(site_path):
            return link
        link = "/" + link[len(site_path):]
    path = unquote(urlsplit(urljoin(page_url, link)).path)
    if path.endswith("/"):
        path += "index.html"
    return path.lstrip("/")


def _required_files(site: Path, files: set[str]) -> list[str]:
    problems = []

    def load(name: str):
        if name not in files:
            problems.append(f"缺少 {name}。")
            return None
        try:
            return json.loads((site / name).read_text(encoding="utf-8"))
        except ValueError:
            problems.append(f"{name} 不是完整的 JSON 文件。")
            return None

    for name in ("index.html", "404.html", "kiosk/index.html", "morning/index.html"):
        if name not in files:
            problems.append(f"缺少 {name}。")
    index = load(MORNING_INDEX)
    if index is not None and not (isinstance(index, dict) and isinstance(index.get("items"), list) and all(
            isinstance(item, dict) and set(INDEX_KEYS) <= item.keys()
            for item in index["items"])):
        problems.append(f"{MORNING_INDEX} 的内容不完整：缺少 items，或条目缺少字段。")
    manifest = load("search/manifest.json")
    if manifest is not None:
        shards = manifest.get("shards") if isinstance(manifest, dict) else None
        if not isinstance(shards, int) or not manifest.get("docs") or not manifest.get("version"):
            problems.append("search/manifest.json 的内容不完整。")
        elif missing := [n for n in range(shards) if f"search/t/{n}.json" not in files]:
            problems.append(f"搜索索引缺少 {len(missing)} 个分片文件。")
    data = load("kiosk/data.json")
    if data is not None and not (isinstance(data, dict) and all(
            isinstance(data.get(key), list) for key in ("activities", "lectures", "cards"))):
        problems.append("kiosk/data.json 的内容不完整。")
    stamp = load("kiosk/build.json")
    if stamp is not None and not (isinstance(stamp, dict) and isinstance(stamp.get("build"), str) and stamp["build"]):
        problems.append("kiosk/build.json 的内容不完整。")
    return problems


def morning_items(site: Path) -> list:
    return json.loads((site / MORNING_INDEX).read_text(encoding="utf-8"))["items"]


def size_of(folder: Path) -> int:
    return sum(entry.stat().st_size for entry in _files(folder))


def _files(folder: Path):
    for root, _dirs, names in os.walk(folder):
        for name in names:
            yield Path(root) / name


def unreadable(site: Path, shown: int = 3) -> list[str]:
    """The release's files and folders the web server (another user) could not read, as problems."""
    found = []
    for root, folders, names in os.walk(site):
        for name, need in [(name, 0o005) for name in folders] + [(name, 0o004) for name in names]:
            path = Path(root) / name
            if path.lstat().st_mode & need != need:
                found.append(path.relative_to(site).as_posix())
    if os.stat(site).st_mode & 0o005 != 0o005:
        found.insert(0, ".")
    if not found:
        return []
    listed = "、".join(found[:shown]) + (f" 等 {len(found)} 个" if len(found) > shown else "")
    return [f"生成的网站里有网页服务器读不到的文件：{listed}。这个版本不会上线；请把这些文件设为其他用户可读后再发布。"]
