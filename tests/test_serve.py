"""The editors' preview (`bash scripts/dev.sh serve`): it follows every save by itself, shows a
broken file as a Chinese problem page, comes back when the file is fixed, and says everything
in Chinese in the terminal."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest
from support import free_port

pytestmark = pytest.mark.preview

ITEM = "docs/morning/2026/2026-11-27.md"
ITEM_URL = "/morning/2026/2026-11-27/"
OLD_ITEM_URL = "/morning/2026/2026-09-01/"  # far from the latest: not in the preview's first build
WAIT = 60  # seconds a step may take at most on a busy test machine; the benchmark measures speed


class Preview:
    """The preview running on a free port of 127.0.0.1, its terminal output kept."""

    def __init__(self, project, *options: str):
        self.port = free_port()
        self.process = subprocess.Popen(
            [sys.executable, "scripts/portal.py", "preview", "--port", str(self.port), *options],
            cwd=project, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        )
        self.url = f"http://127.0.0.1:{self.port}"

    def get(self, path: str) -> tuple[int, str]:
        try:
            with urllib.request.urlopen(self.url + path, timeout=10) as answer:
                return answer.status, answer.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode("utf-8", "replace")

    def wait_for(self, path: str, wanted, seconds: float = WAIT) -> str:
        """Poll until the answer for `path` satisfies `wanted(status, text)`."""
        deadline, last = time.monotonic() + seconds, None
        while time.monotonic() < deadline:
            try:
                last = self.get(path)
                if wanted(*last):
                    return last[1]
            except OSError:
                pass
            time.sleep(0.3)
        raise AssertionError(f"{path}: no wanted answer in {seconds} s; last: {str(last)[:300]}")

    def stop(self) -> str:
        self.process.terminate()
        output, _ = self.process.communicate(timeout=30)
        return output


@pytest.fixture
def preview(project):
    running = Preview(project, "--no-print")  # the booklets have their own test below
    yield running
    if running.process.poll() is None:
        running.stop()


def built(status, text):
    return status == 200 and "md-header" in text


def test_preview_follows_new_items_and_the_index(project, preview):
    data = json.loads(preview.wait_for("/morning/index.json", lambda status, text: status == 200))
    dates = [item["date"] for item in data["items"]]
    assert "2026-11-27" in dates and "2026-12-04" not in dates

    (project / "docs/morning/2026/2026-12-04.md").write_text(
        "---\ntitle: 服务器运行中新增的一条\ndate: 2026-12-04\ntopic: 政治理论\n---\n\n"
        "编辑在预览运行时新增了一条晨学，保存后预览自动重新生成，索引里就有了它。\n", encoding="utf-8")
    text = preview.wait_for("/morning/index.json", lambda status, text: "2026-12-04" in text)
    data = json.loads(text)
    assert data["items"][-1]["title"] == "服务器运行中新增的一条"
    assert len({item["date"] for item in data["items"]}) == len(data["items"])  # nothing kept twice
    page = preview.wait_for("/morning/2026/2026-12-04/", built)
    assert "服务器运行中新增的一条" in page


def test_an_item_left_out_of_the_preview_is_built_when_opened(preview):
    preview.wait_for("/", built)
    status, text = preview.get(OLD_ITEM_URL)
    assert status == 503 and "正在生成这一篇晨学" in text  # not built yet: asked for, not a 404
    page = preview.wait_for(OLD_ITEM_URL, built)
    assert "2026年9月1日" in page
    status, text = preview.get("/morning/2026/2026-09-02/")  # its neighbour came with it
    assert built(status, text)
    status, text = preview.get("/no-such-page/")
    assert status == 404 and "md-header" in text  # the site's own 404 page, not a build


def test_preview_pages_equal_the_published_pages(project, preview, tmp_path):
    """What the preview shows of a page is what publish builds for the preview's address, apart from
    its banner and script; the preview's links name its own port, not mkdocs.yml's."""
    from portal_core.site_build import build_site

    site = tmp_path / "site"
    build_site(project / "mkdocs.yml", site, preview.url + "/", report=lambda _message: None)
    shown = preview.wait_for(ITEM_URL, built)
    shown = re.sub(r'<div role="note".*?</div><script src="/\.preview/live\.js"[^>]*></script>', "", shown)
    published = (site / ITEM_URL.strip("/") / "index.html").read_text(encoding="utf-8")
    assert f'<link rel="canonical" href="{preview.url}{ITEM_URL}">' in shown
    assert shown == published


def test_broken_file_shows_a_chinese_page_and_recovers_in_the_browser(project, preview, browser):
    preview.wait_for(ITEM_URL, built)
    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    page.goto(preview.url + ITEM_URL)
    heading = page.locator("article h1").first
    original = heading.inner_text()
    assert "守好廉洁关口" in original

    item = project / ITEM
    text = item.read_text(encoding="utf-8")
    item.write_text(text.replace("title:", "title：", 1), encoding="utf-8")  # the IME slip of issue 10
    page.get_by_text("发现 1 个问题，网站没有更新").wait_for(timeout=WAIT * 1000)  # no key pressed
    assert f"{ITEM}:2" in page.inner_text("body")
    assert "中文冒号" in page.inner_text("body")

    item.write_text(text.replace("守好廉洁关口", "守好廉洁关口（修订）"), encoding="utf-8")
    page.locator("article h1", has_text="（修订）").wait_for(timeout=WAIT * 1000)
    assert page.title().startswith("年末岁尾，守好廉洁关口（修订）")
    context.close()

    output = preview.stop()
    lines = [line for line in output.splitlines() if line.strip()]
    assert any("预览已更新" in line for line in lines) and any("中文冒号" in line for line in lines)
    for line in lines:  # Chinese only: no MkDocs, Python or HTTP server English
        assert re.search(r"[\u4e00-\u9fff]", line), line
        assert not re.search(r"Traceback|Error|Abort|INFO|WARNING|GET /", line), line


def test_preview_makes_the_booklets_in_the_background(project):
    running = Preview(project)
    try:
        running.wait_for("/manuals/", built)  # serving does not wait for the booklets
        page = running.wait_for("/manuals/integrity/", lambda status, text: "下载打印版" in text, seconds=240)
        assert "integrity.pdf" in page
        status, body = running.get("/manuals/integrity/integrity.pdf")
        assert status == 200 and body.startswith("%PDF")
    finally:
        running.stop()
