"""Hostile content in a real browser: with the check's markup scan switched off, the sanitizer and
the Content-Security-Policy alone keep every page inert — no script, no navigation, no outside host.
And a script planted past the sanitizer is stopped by the policy alone."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from urllib.parse import quote, urlparse

import pytest
from support import SiteServer, build_site, copy_project, free_port, nginx, search_here

pytestmark = pytest.mark.browser

ALERT = "alert(document.domain)"
OUTSIDE = "http://192.0.2.1"  # TEST-NET-1: never answers, so a request to it is only ever recorded

# Every way found to run script or leave the host from a Markdown body.
HOSTILE_BODY = f"""
<svg/onload={ALERT}>

<img src=x
onerror={ALERT}>

![a](x.png){{ onload="{ALERT}" }}

<img src=x onerror=`{ALERT}`>

<details/open/ontoggle={ALERT}><summary>展开</summary>内容</details>

[点这里一][1]

[1]: javascript:{ALERT}

<a href="jav&#97;script:{ALERT}">点这里二</a>

[点这里三](javascript:{ALERT})

<base href="{OUTSIDE}/">

<meta http-equiv="refresh" content="0;url={OUTSIDE}/">

<img src="{OUTSIDE}/tracker.png">

<iframe src="{OUTSIDE}/"></iframe>

<script>{ALERT}</script>

<div style="position:fixed;top:0;left:0;width:100%;height:100%" onmouseover="{ALERT}">覆盖</div>
"""
# Into the table of contents, the theme's own parts and its config, before the body above (whose
# unclosed tags would make the rest one block of raw HTML).
THEME_BODY = f"""
## 警示 {{ id='x"\\>\\<img src=x onerror={ALERT}\\>' }}

<div class="md-dialog md-dialog--active">系统通知：请重新登录</div>

<div id="__config">{{}}</div>
"""
# Into <title>: a page with no front-matter title takes its first heading's text.
TITLE_PAGE = ("# 通知 &lt;/title&gt;&lt;script&gt;" + ALERT + "&lt;/script&gt;"
              f"&lt;meta http-equiv=\"refresh\" content=\"0;url={OUTSIDE}/\"&gt;\n\n今天下午开会。\n")
ITEM_DAY = "2026-12-02"
HOSTILE_TOPIC = f"<img src=x onerror={ALERT}>"
BRANCH = "机关党支部"


def _plant(project: Path) -> None:
    docs = project / "docs"
    (docs / f"morning/2026/{ITEM_DAY}.md").write_text(
        f"---\ntitle: 安全测试条目\ndate: {ITEM_DAY}\ntopic: 政治理论\n---\n\n"
        "学习党的二十大精神，坚持以人民为中心的发展思想，守牢食品药品安全底线。\n" + THEME_BODY + HOSTILE_BODY,
        encoding="utf-8")
    (docs / "activities/posts/2026-11-20-hostile.md").write_text(
        f"---\ntitle: 安全测试活动 {{ tabindex=0 autofocus onfocus={ALERT} }}\ndate: 2026-11-20\n"
        f"categories:\n  - {BRANCH}\n---\n\n机关党支部开展安全测试活动，党员同志认真学习网络安全知识。\n\n"
        f"<!-- more -->\n{HOSTILE_BODY}", encoding="utf-8")
    chapter = docs / "manuals/integrity/02-law-enforcement-integrity.md"
    chapter.write_text(chapter.read_text(encoding="utf-8") + THEME_BODY + HOSTILE_BODY, encoding="utf-8")
    (docs / "kiosk/notice.md").write_text(TITLE_PAGE, encoding="utf-8")
    config = project / "mkdocs.yml"  # MkDocs cannot match the planted heading's permalink to any id: let it say so
    config.write_text(config.read_text(encoding="utf-8").replace("  anchors: warn", "  anchors: info"),
                      encoding="utf-8")
    for folder in ("morning/2026", "activities/posts", "manuals/integrity"):
        shutil.copy(project / "overrides/assets/images/logo.svg", docs / folder / "x.png")  # any picture will do
    topics = docs / "morning/topics.yml"
    topics.write_text(topics.read_text(encoding="utf-8") + f"- '{HOSTILE_TOPIC}'\n", encoding="utf-8")


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    """The sample site plus every hostile case, built as if the check had let them through."""
    from portal_core import checker, html_policy, site_config

    project = tmp_path_factory.mktemp("hostile")
    copy_project(project)
    _plant(project)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(html_policy, "scan", lambda text, first_line=1: [])
        patch.setattr(checker, "_rendered_problems", lambda doc, render, found: [], raising=False)
        patch.setattr(site_config, "_topic_problem", lambda topic, earlier: None)
        site = build_site(project, project / "site")
    server = SiteServer(site)
    yield server
    server.stop()


def _visit(browser, url: str, action=None, wait_until: str = "networkidle") -> dict:
    """Load a page, give its handlers time to fire, and report what it tried to do."""
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN",
                                  timezone_id="Asia/Shanghai")
    dialogs, requests, navigations = [], [], []
    context.on("request", lambda request: requests.append(request.url))
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.on("framenavigated", lambda frame: frame == page.main_frame and navigations.append(frame.url))
    page.goto(url, wait_until=wait_until)
    page.mouse.move(400, 300)  # over the full-page overlay, if one survived
    if action:
        action(page)
    page.wait_for_timeout(500)  # ontoggle, onfocus, a refresh of 0 s and the clicks all act within a frame or two
    dom = page.evaluate("""() => ({
        handlers: [...document.querySelectorAll('*')].flatMap(el =>
            [...el.attributes].filter(a => a.name.startsWith('on')).map(a => el.tagName + ' ' + a.name)),
        scriptLinks: [...document.querySelectorAll('a[href]')].filter(a => a.protocol === 'javascript:').length,
        frames: document.querySelectorAll('iframe, object, embed, base, meta[http-equiv="refresh"]').length,
        // The portal's own: its scripts under /assets/ of this host (and the preview's /.preview/live.js),
        // the theme's config (data), one policy.
        foreignScripts: [...document.scripts].filter(script => !(script.type === 'application/json'
            || (script.src && new URL(script.src).origin === location.origin
                && /^[/](assets|[.]preview)[/]/.test(new URL(script.src).pathname))))
            .map(script => script.outerHTML.slice(0, 80)),
        metaEquiv: [...document.querySelectorAll('meta[http-equiv]')].map(meta => meta.httpEquiv),
        dialogBoxes: document.querySelectorAll('.md-dialog').length
            + document.querySelectorAll('.md-dialog--active').length,
        config: (() => {  // the theme's own config (the corridor screen has none)
            const element = document.getElementById('__config');
            try { return element ? Boolean(JSON.parse(element.textContent).base) : null; }
            catch (error) { return false; }
        })(),
    })""")
    final_url = page.url
    context.close()
    host = urlparse(url).netloc
    return {
        "dialogs": dialogs,
        "outside": [r for r in requests if urlparse(r).scheme in ("http", "https") and urlparse(r).netloc != host],
        "navigated": [n for n in navigations[1:] if n != url],
        "final_url": final_url,
        **dom,
    }


def _assert_inert(report: dict, url: str) -> None:
    assert report["dialogs"] == [], report
    assert report["outside"] == [], report
    assert report["navigated"] == [] and report["final_url"] == url, report
    assert report["handlers"] == [] and report["scriptLinks"] == 0 and report["frames"] == 0, report
    assert report["foreignScripts"] == [] and report["metaEquiv"] == ["Content-Security-Policy"], report
    # the theme's one notice box, closed; its own config
    assert report["dialogBoxes"] <= 1 and report["config"] is not False, report


def _click_the_links(page) -> None:
    for text in ("点这里一", "点这里二", "点这里三"):
        for link in page.get_by_text(text, exact=True).all():
            link.click()


PAGES = {
    "item": f"/morning/2026/{ITEM_DAY}/",
    "morning": "/morning/",
    "home": "/",
    "chapter": "/manuals/integrity/02-law-enforcement-integrity/",
    "activity": "/activities/2026-11-20-hostile/",
    "activities": "/activities/",
    "branch": f"/activities/category/{BRANCH}/",
    "archive": "/activities/archive/2026/11/",
    "title": "/kiosk/notice/",
}


@pytest.mark.parametrize("name", PAGES)
def test_hostile_content_is_inert_where_it_appears(browser, hostile_site, name):
    url = hostile_site.url + quote(PAGES[name])
    report = _visit(browser, url, _click_the_links)
    _assert_inert(report, url)


@pytest.mark.parametrize("name", ["title", "chapter", "item", "activity"])
def test_hostile_content_is_inert_through_nginx(browser, hostile_site, tmp_path, name):
    """Under the server's header policy as well as the page's own."""
    target = tmp_path / "srv-portal"
    target.mkdir()
    (target / "current").symlink_to(hostile_site.site)
    with nginx(target) as base:
        url = base + quote(PAGES[name])
        report = _visit(browser, url, _click_the_links)
    _assert_inert(report, url)


def test_the_preview_shows_hostile_files_as_a_problem_page_that_runs_nothing(browser, tmp_path):
    """The editors' preview, for real, on hostile files its check refuses: every page becomes the list
    of problems, which quotes what the editor wrote as text."""
    import subprocess
    import sys
    import time
    import urllib.error
    import urllib.request

    project = tmp_path / "project"
    copy_project(project)
    _plant(project)
    port = free_port()
    preview = subprocess.Popen([sys.executable, "scripts/portal.py", "preview", "--port", str(port), "--no-print"],
                               cwd=project, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    url = f"http://127.0.0.1:{port}" + quote(PAGES["chapter"])
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(url, timeout=5)
            except urllib.error.HTTPError as answer:
                if answer.code == 503 and "个问题".encode() in answer.read():
                    break
            except OSError:
                pass
            time.sleep(0.5)
        else:
            pytest.fail("the preview showed no problem page")
        report = _visit(browser, url, wait_until="load")
        context = browser.new_context(locale="zh-CN")
        page = context.new_page()
        page.goto(url, wait_until="load")
        listed = page.locator("li").all_inner_texts()
        context.close()
    finally:
        preview.terminate()
        preview.communicate(timeout=30)
    _assert_inert(report, url)
    assert any("编号（id）" in item and "02-law-enforcement-integrity.md" in item for item in listed), listed


def test_a_topic_named_with_markup_is_shown_as_characters(browser, hostile_site):
    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    page.goto(hostile_site.url + "/morning/", wait_until="networkidle")
    link = page.get_by_role("link", name=HOSTILE_TOPIC)
    href = link.first.get_attribute("href")
    context.close()
    url = hostile_site.url + "/morning/" + href
    report = _visit(browser, url)
    _assert_inert(report, url)


def test_search_results_of_hostile_pages_are_inert(browser, hostile_site):
    url = hostile_site.url + "/"
    report = _visit(browser, url, lambda page: search_here(page, "安全测试"))
    _assert_inert(report, url)


def test_the_kiosk_shows_hostile_items_and_activities_as_text(browser, hostile_site):
    def watch_a_cycle(page):
        page.locator(".kiosk-slide:not(.kiosk-slide--probe):not(.kiosk-slide--waiting)").first.wait_for()
        # The item, then the activities: each slide's text was in the page, shown.
        page.locator(".kiosk-slide--activity:not(.kiosk-slide--probe)").wait_for(timeout=15_000)

    url = hostile_site.url + f"/kiosk/?date={ITEM_DAY}&slides=morning,activities&interval=3"
    report = _visit(browser, url, watch_a_cycle)
    _assert_inert(report, url)


# --- the policy on its own ------------------------------------------------------------------

PLANT_HOOK = '''
"""A test's own hook: plants script after the portal wrote the policy, as a bug in some plugin might."""


def on_post_page(output, **kwargs):
    return output.replace("</body>", '<img src="x" onerror="alert(\\'page handler\\')">'
                                     '<script>alert("page script")</script></body>')
'''

PLANT_IN_CONTENT = '''
"""A test's own hook: a plugin that puts a script into the content after the portal has sanitized it."""
from mkdocs.plugins import event_priority


@event_priority(-200)
def on_page_content(html, **kwargs):
    return html + '<script>alert("content script")</script>'
'''


def _with_hook(project: Path, name: str, code: str) -> None:
    (project / f"scripts/{name}.py").write_text(code, encoding="utf-8")
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    hooked = config.replace("  - scripts/hooks.py\n", f"  - scripts/hooks.py\n  - scripts/{name}.py\n")
    (project / "mkdocs.yml").write_text(hooked, encoding="utf-8")


def test_a_page_that_carries_an_inline_script_stops_the_build(tmp_path):
    """The policy is one constant: no page's script is ever hashed into it, so the build refuses the page."""
    import subprocess
    import sys

    project = tmp_path / "project"
    copy_project(project)
    _with_hook(project, "plant", PLANT_IN_CONTENT)
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-d", str(tmp_path / "site")],
                            cwd=project, capture_output=True, text=True, timeout=300)
    assert result.returncode != 0 and "Traceback" not in result.stdout + result.stderr
    assert "生成的页面里有一段内嵌脚本（<script>），门户没有生成" in result.stderr


@pytest.fixture(scope="module")
def planted_site(tmp_path_factory):
    project = tmp_path_factory.mktemp("planted")
    copy_project(project)
    _with_hook(project, "plant", PLANT_HOOK)
    site = build_site(project, project / "site")
    # The same page without its policy: proves the planted code is live.
    chapter = site / "manuals/integrity/01-discipline-rules"
    html = (chapter / "index.html").read_text(encoding="utf-8")
    (chapter / "no-policy.html").write_text(
        re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", html), encoding="utf-8")
    server = SiteServer(site)
    yield server
    server.stop()


@pytest.mark.csp_refusals_expected
def test_the_policy_alone_blocks_script_planted_past_the_sanitizer(browser, planted_site, csp_refusals):
    base = planted_site.url + "/manuals/integrity/01-discipline-rules/"
    without_policy = _visit(browser, base + "no-policy.html")
    assert len(without_policy["dialogs"]) == 2, without_policy  # the handler and the script ran

    csp_refusals.clear()
    with_policy = _visit(browser, base)
    assert with_policy["dialogs"] == [], with_policy
    assert len(csp_refusals) >= 2, csp_refusals  # the browser says the policy refused each
    # The portal's own scripts still run under the same policy: search opens and answers.
    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    page.on("dialog", lambda dialog: dialog.dismiss())
    page.goto(base, wait_until="networkidle")
    search_here(page, "廉政")
    context.close()
