"""Publishing for real: releases switched atomically, served by Debian's nginx with the project's
own configuration (only the port and the root replaced), caches that never mix two releases."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from portal_core import publish as publishing
from support import (
    NGINX_CONFIGS,
    copy_project,
    fetch,
    free_port,
    interrupt_portal,
    live_release,
    nginx,
    publish,
    run_portal,
    search_here,
)

pytestmark = pytest.mark.nginx


ADDRESS = "http://127.0.0.1:8000/"  # the first publish's; later ones reuse the live release's


@pytest.fixture(scope="module")
def first_publish(tmp_path_factory):
    """The sample project published once, as IT does on a new server: (project, target, what it said)."""
    folder = tmp_path_factory.mktemp("published")
    project, target = copy_project(folder / "project"), folder / "srv-portal"
    result = publish(project, target, "--site-url", ADDRESS)
    assert result.returncode == 0, result.stdout + result.stderr
    return project, target, result.stdout


@pytest.fixture
def published(first_publish, tmp_path) -> tuple[Path, Path]:
    """A copy of the project and of its server folder, one release live, for a test to publish on."""
    project, target, _said = first_publish
    shutil.copytree(project, tmp_path / "project", symlinks=True)
    shutil.copytree(target, tmp_path / "srv-portal", symlinks=True)
    return tmp_path / "project", tmp_path / "srv-portal"


def test_publish_then_pages_search_and_kiosk_work_through_nginx(first_publish, published, browser, artifacts_dir):
    said = first_publish[2]
    assert "已上线" in said and "晨学 41 条" in said
    _project, target = published
    with nginx(target) as url:
        status, headers, body = fetch(url + "/")
        assert status == 200 and headers["Cache-Control"] == "no-cache"
        assert headers["X-Content-Type-Options"] == "nosniff" and headers["Referrer-Policy"] == "same-origin"
        from portal_core import csp

        assert headers["Content-Security-Policy"] == csp.HEADER_POLICY
        assert f'content="{csp.POLICY}"'.encode() in body.replace(b"&#39;", b"'")
        css = next((target / "current/assets/stylesheets").glob("portal.*.css")).name
        assert fetch(f"{url}/assets/stylesheets/{css}")[1]["Cache-Control"] == "public, max-age=31536000, immutable"
        version = json.loads(fetch(url + "/search/manifest.json")[2])["version"]
        assert fetch(url + "/search/manifest.json")[1]["Cache-Control"] == "no-cache"
        assert fetch(f"{url}/search/t/0.json?v={version}")[1]["Cache-Control"] == "public, max-age=31536000, immutable"
        assert fetch(url + "/morning/index.json")[1]["Content-Type"].startswith("application/json")
        missing = fetch(url + "/manuals/no-such-page/")
        assert missing[0] == 404 and "市场监管局党建学习门户".encode() in missing[2]
        assert fetch(url + "/.portal-release.json")[0] == 404
        (target / "current/.git").mkdir()
        (target / "current/.git/x.svg").write_text("<svg/>", encoding="utf-8")
        assert fetch(url + "/.git/x.svg")[0] == 404  # hidden stays hidden, whatever its name ends with
        logo = next((target / "current/assets/images").glob("logo.*.svg")).name
        status, headers, _ = fetch(f"{url}/assets/images/{logo}")  # an SVG opened on its own runs nothing
        assert status == 200 and headers["Content-Security-Policy"] == csp.HEADER_POLICY + ", sandbox"
        assert headers["Cache-Control"] == "public, max-age=31536000, immutable"
        assert headers["X-Content-Type-Options"] == "nosniff"

        context = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai",
                                      viewport={"width": 1366, "height": 900})
        page = context.new_page()
        page.goto(url + "/", wait_until="networkidle")
        search_here(page, "廉政")
        page.goto(url + "/kiosk/?date=2026-11-27", wait_until="networkidle")
        page.locator(".kiosk-slide--morning .kiosk-title").wait_for()
        assert page.locator(".kiosk-slide--morning .kiosk-title").inner_text() == "年末岁尾，守好廉洁关口"
        page.screenshot(path=artifacts_dir / "publish-kiosk-through-nginx.png")
        context.close()


def test_a_browser_that_visited_before_gets_every_new_file(published, browser):
    project, target = published
    with nginx(target) as url:
        context = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai")  # one cache for both visits
        page = context.new_page()
        page.goto(url + "/", wait_until="networkidle")
        search_here(page, "雷锋")
        kiosk = context.new_page()
        kiosk.goto(url + "/kiosk/?poll=5&date=2026-11-27", wait_until="networkidle")
        kiosk.locator(".kiosk-slide--morning").wait_for()
        assert kiosk.evaluate("window.__kioskRelease") is None

        # A new release: portal.css, kiosk.js, a search shard (a new page shifts every document
        # number after it) and a 晨学 item all change.
        docs = project / "docs"
        css = project / "overrides/assets/stylesheets/portal.css"
        css.write_text(css.read_text(encoding="utf-8") + "\n:root { --portal-release: 2; }\n", encoding="utf-8")
        kiosk_js = project / "overrides/assets/kiosk/kiosk.js"
        kiosk_js.write_text("window.__kioskRelease = 2;\n" + kiosk_js.read_text(encoding="utf-8"), encoding="utf-8")
        (docs / "activities/posts/2026-02-01-aaa.md").write_text(
            "---\ntitle: 机关党支部开展春节前廉政提醒\ndate: 2026-02-01\ncategories:\n  - 机关党支部\n---\n\n"
            "春节前夕，机关党支部召开廉政提醒会，重申节日期间的纪律要求。\n", encoding="utf-8")
        item = docs / "morning/2026/2026-11-27.md"
        item.write_text(item.read_text(encoding="utf-8").replace("年末岁尾，守好廉洁关口", "岁末年初，守牢廉洁防线"),
                        encoding="utf-8")
        assert publish(project, target).returncode == 0

        # The kiosk notices the new build within its poll and reloads into the new code.
        kiosk.wait_for_function("() => window.__kioskRelease === 2", timeout=30_000)
        kiosk.locator(".kiosk-slide--morning .kiosk-title").wait_for()
        assert kiosk.locator(".kiosk-slide--morning .kiosk-title").inner_text() == "岁末年初，守牢廉洁防线"

        page.goto(url + "/", wait_until="networkidle")
        release_mark = "getComputedStyle(document.documentElement).getPropertyValue('--portal-release').trim()"
        assert page.evaluate(release_mark) == "2"
        search_here(page, "雷锋")
        titles = page.locator(".md-search-result__item .md-search-result__title, "
                              ".md-search-result__item h1").all_inner_texts()
        assert titles and "雷锋" in titles[0], titles
        page.goto(url + "/morning/2026/2026-11-27/", wait_until="networkidle")
        assert "岁末年初，守牢廉洁防线" in page.locator("h1").first.inner_text()
        context.close()


def test_a_failed_publish_leaves_the_live_site_byte_for_byte(published):
    project, target = published
    before_release = live_release(target)
    with nginx(target) as url:
        pages = ["/", "/morning/index.json", "/manuals/integrity/01-discipline-rules/", "/kiosk/build.json"]
        before = {path: fetch(url + path)[2] for path in pages}
        item = project / "docs/morning/2026/2026-11-27.md"
        broken = item.read_text(encoding="utf-8").replace("date: 2026-11-27", "date: 2026-12-32")
        item.write_text(broken, encoding="utf-8")
        result = publish(project, target)
        assert result.returncode == 1
        output = result.stdout + result.stderr
        assert "docs/morning/2026/2026-11-27.md:3:" in output and "Traceback" not in output
        assert "发布没有完成，线上的版本没有变化" in output
        assert {path: fetch(url + path)[2] for path in pages} == before
    assert live_release(target) == before_release
    assert [p.name for p in (target / "releases").iterdir()] == [before_release.split("/")[-1]]


def test_rollback_and_releases(published):
    project, target = published
    first = live_release(target).split("/")[-1]
    item = project / "docs/morning/2026/2026-11-27.md"
    second = item.read_text(encoding="utf-8").replace("年末岁尾，守好廉洁关口", "第二版的标题")
    item.write_text(second, encoding="utf-8")
    assert publish(project, target).returncode == 0
    second = live_release(target).split("/")[-1]
    listing = run_portal(project, "releases", "--to", str(target)).stdout
    assert listing.index(second) < listing.index(first) and f"上线中  {second}" in listing and "41 条" in listing
    with nginx(target) as url:
        assert "第二版的标题".encode() in fetch(url + "/morning/index.json")[2]
        result = run_portal(project, "rollback", "--to", str(target))
        assert result.returncode == 0 and f"现在上线的是 {first}" in result.stdout
        assert "第二版的标题".encode() not in fetch(url + "/morning/index.json")[2]
        assert run_portal(project, "rollback", "--to", str(target), second).returncode == 0
        assert "第二版的标题".encode() in fetch(url + "/morning/index.json")[2]


def test_only_the_newest_releases_are_kept(published):
    project, target = published
    live = live_release(target).split("/")[-1]
    for older in ("20250101T000000Z-nogit", "20250102T000000Z-nogit"):  # two earlier publishes of the same
        shutil.copytree(target / "releases" / live, target / "releases" / older)
        notes = target / "releases" / older / ".portal-release.json"
        notes.write_text(notes.read_text(encoding="utf-8").replace(live, older), encoding="utf-8")
    result = publish(project, target, "--keep", "2")
    assert result.returncode == 0, result.stdout + result.stderr
    names = sorted(p.name for p in (target / "releases").iterdir())
    assert len(names) == 2 and names[0] == live and live_release(target).endswith(names[-1])


def test_ctrl_c_leaves_the_live_release_and_no_partial_build(published):
    project, target = published
    before = live_release(target)
    code, out, err = interrupt_portal(project, "publish", "--to", str(target), at="正在检查内容并生成网站", after=0.5)
    assert code == 130, out + err
    assert "已取消，线上的版本没有变化" in err and "Traceback" not in err
    assert live_release(target) == before
    assert not list((target / "releases").glob(".partial-*"))


def test_a_ctrl_c_swallowed_by_a_library_still_stops_the_publish(published):
    """nh3 calls back into Python for every attribute it filters; a Ctrl+C that lands there is
    swallowed at that boundary ("Exception ignored in …"), and the publish went live regardless.
    Here the build meets such a swallowed Ctrl+C every time: the live release must not change."""
    project, target = published
    before = live_release(target)

    def build_meeting_a_swallowed_ctrl_c(_config_file, site_dir, *_args, **_kwargs):
        try:
            os.kill(os.getpid(), signal.SIGINT)
            time.sleep(0.5)
        except KeyboardInterrupt:
            pass  # what a library's callback boundary does with it
        # The build then ends well: the same content, as the live release already holds it built.
        shutil.copytree(target / "current", site_dir, dirs_exist_ok=True)

    with pytest.raises(KeyboardInterrupt):
        publishing.publish(project, target, say=lambda _text: None, build=build_meeting_a_swallowed_ctrl_c)
    assert live_release(target) == before
    assert not list((target / "releases").glob(".partial-*"))


def test_served_under_a_sub_path(published, browser):
    project, target = published
    port = free_port()
    result = publish(project, target, "--site-url", f"http://127.0.0.1:{port}/portal/")
    assert result.returncode == 0, result.stdout + result.stderr
    with nginx(target, "portal-subpath.conf", port) as url:
        base = url + "/portal/"
        status, _, body = fetch(url + "/portal")  # redirected to /portal/
        assert status == 200 and "市场监管局党建学习门户".encode() in body
        sitemap = fetch(base + "sitemap.xml")[2].decode()
        assert f"<loc>http://127.0.0.1:{port}/portal/manuals/</loc>" in sitemap
        home = fetch(base)[2].decode()
        assert f'<link rel="canonical" href="http://127.0.0.1:{port}/portal/">' in home
        status, headers, svg = fetch(base + "assets/images/logo.svg")
        assert status == 200 and svg.startswith(b"<svg") and headers["Content-Security-Policy"].endswith(", sandbox")
        context = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai",
                                      viewport={"width": 1920, "height": 1080})
        failed = []
        context.on("response", lambda response: response.status >= 400 and failed.append(response.url))
        page = context.new_page()
        page.goto(base + "morning/", wait_until="networkidle")
        href = page.locator("#morning-today a").first.get_attribute("href")
        page.goto(base + "morning/" + href if not href.startswith("/") else url + href, wait_until="networkidle")
        assert page.url.startswith(base + "morning/20")
        page.goto(base + "kiosk/?date=2026-11-27&slides=morning,activities&interval=4", wait_until="networkidle")
        page.locator(".kiosk-slide--morning .kiosk-text p").first.wait_for()
        text = page.locator(".kiosk-slide--morning .kiosk-body").inner_text()
        summary = next(i["summary"] for i in json.loads(fetch(base + "morning/index.json")[2])["items"]
                       if i["date"] == "2026-11-27")
        assert len(text) > len(summary)  # the item's own text, not the summary it falls back to
        page.locator(".kiosk-photo").first.wait_for(timeout=20_000)
        page.wait_for_function("() => [...document.querySelectorAll('.kiosk-photo')]"
                               ".every(img => img.complete && img.naturalWidth > 0)")
        context.close()
        assert failed == [], failed

        # The next routine publish names no address: it keeps the live release's sub-path.
        again = publish(project, target)
        assert again.returncode == 0, again.stdout + again.stderr
        assert f"网站地址沿用上线版本的：http://127.0.0.1:{port}/portal/" in again.stdout
        urls = [item["url"] for item in json.loads(fetch(base + "morning/index.json")[2])["items"]]
        assert urls and all(url.startswith("/portal/morning/") for url in urls), urls[:3]


def test_a_first_publish_needs_an_address_and_a_wrong_one_is_refused_before_any_work(project, tmp_path):
    target = tmp_path / "srv-portal"
    for extra, said in (((), "第一次发布要写明门户在内网的地址"),
                        (("--site-url", "javascript:alert(1)"), "网站地址“javascript:alert(1)”不能用"),
                        (("--site-url", "localhost:8080"), "不能用"), (("--site-url", "http://"), "不能用")):
        result = publish(project, target, *extra)
        output = result.stdout + result.stderr
        assert result.returncode == 1 and said in output, output
        assert "发布没有开始，线上的版本没有变化" in output and "Traceback" not in output
        assert "正在检查内容" not in output and "打印版" not in output  # nothing was built or printed
        assert not list(target.glob("releases/*"))


def test_a_current_that_is_a_real_folder_is_refused_before_anything_is_built(project, tmp_path):
    target = tmp_path / "srv-portal"
    (target / "current").mkdir(parents=True)
    (target / "current/index.html").write_text("旧网站", encoding="utf-8")
    result = publish(project, target, "--site-url", ADDRESS)
    output = result.stdout + result.stderr
    assert result.returncode == 1 and "不是发布时建立的链接" in output and "mv " in output, output
    assert "正在检查内容" not in output and "Traceback" not in output
    assert not list(target.glob("releases/*"))
    assert (target / "current/index.html").read_text(encoding="utf-8") == "旧网站"


@pytest.mark.skipif(os.geteuid() != 0, reason="nginx's workers run as www-data only when started by root")
def test_a_publish_under_umask_077_is_served_by_nginx_running_as_www_data(project):
    target = Path(tempfile.mkdtemp(prefix="portal-umask-"))  # under /tmp, which www-data may cross
    try:
        target.chmod(0o755)
        result = subprocess.run(["bash", "-c", f'umask 077 && exec "{sys.executable}" scripts/portal.py publish '
                                 f'--to "{target}" --site-url {ADDRESS}'],
                                cwd=project, capture_output=True, text=True, timeout=600)
        assert result.returncode == 0, result.stdout + result.stderr
        with nginx(target, user="www-data") as url:
            assert fetch(url + "/")[0] == 200
            assert fetch(url + "/morning/2026/2026-11-27/")[0] == 200
            css = next((target / "current/assets/stylesheets").glob("portal.*.css")).name
            assert fetch(f"{url}/assets/stylesheets/{css}")[0] == 200
    finally:
        shutil.rmtree(target, ignore_errors=True)


def test_verification_names_what_a_release_is_missing(site_dir, tmp_path):
    from portal_core import csp, release_check

    site = tmp_path / "site"
    shutil.copytree(site_dir, site)
    assert release_check.verify(site, csp.POLICY) == []
    next((site / "assets/kiosk").glob("kiosk.*.js")).unlink()
    (site / "activities/images/2026-06-28-red-journey.jpg").unlink()
    (site / "search/t/3.json").unlink()
    (site / "kiosk/data.json").write_text('{"activities": 1}', encoding="utf-8")
    problems = release_check.verify(site, csp.POLICY)
    assert any("kiosk/index.html → ../assets/kiosk/kiosk." in p for p in problems), problems
    assert any("2026-06-28-red-journey.jpg" in p for p in problems), problems
    assert "搜索索引缺少 1 个分片文件。" in problems and "kiosk/data.json 的内容不完整。" in problems


def test_both_server_files_carry_the_pages_policy():
    from portal_core import csp

    assert "frame-ancestors 'self'" in csp.HEADER_POLICY and "frame-ancestors" not in csp.POLICY
    assert f'content="{csp.POLICY}"' in csp.META
    for name in ("portal.conf", "portal-subpath.conf"):
        text = (NGINX_CONFIGS / name).read_text(encoding="utf-8")
        assert "include snippets/portal-headers.conf;" in text and "default-src" not in text, name
