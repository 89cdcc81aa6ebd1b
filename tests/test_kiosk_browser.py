"""The corridor kiosk in headless Chromium, in timezone Asia/Shanghai, with a controlled clock."""

from __future__ import annotations

import json
from urllib.parse import urlparse

import pytest
from support import LANDSCAPE, PORTRAIT, advance, current, kiosk


def test_todays_item_at_0730_in_shanghai_while_utc_is_still_yesterday(browser, site_url):
    context, page = kiosk(browser, site_url, "2026-11-26T23:30:00Z")
    slide = current(page)
    assert slide["label"] == "今日晨学"
    assert slide["meta"].startswith("2026年11月27日 星期五")
    assert slide["title"] == "年末岁尾，守好廉洁关口"
    assert page.locator("#kiosk-clock").inner_text() == "2026年11月27日 星期五 07:30"
    context.close()


def test_a_day_without_an_item_shows_the_latest_earlier_one(browser, site_url):
    context, page = kiosk(browser, site_url, "2026-11-28T10:00:00+08:00")  # a Saturday
    slide = current(page)
    assert slide["label"] == "最近一期晨学"
    assert slide["meta"].startswith("2026年11月27日")
    context.close()


def test_date_in_the_query_string_previews_another_day(browser, site_url):
    context, page = kiosk(browser, site_url, "2026-11-27T09:00:00+08:00", query="?date=2026-12-01")
    slide = current(page)
    assert slide["label"] == "今日晨学" and slide["title"] == "冬季谨防一氧化碳和食物中毒"
    assert page.locator("#kiosk-clock").inner_text().startswith("2026年12月1日 星期二")
    context.close()


def test_slides_rotate_and_the_answer_comes_after_a_pause(browser, site_url):
    context, page = kiosk(browser, site_url, "2026-11-27T08:00:00+08:00", query="?interval=5&delay=3")
    seen = [current(page)]
    for _ in range(12):
        advance(page, 5)
        slide = current(page)
        if "question" in slide["kind"]:
            assert not page.locator(".kiosk-answer").is_visible()
            advance(page, 3)
            assert page.locator(".kiosk-answer").is_visible()
            assert "正确答案：C" in page.locator(".kiosk-answer").inner_text()
            page.clock.run_for(2000 - 150)  # finish this slide's five seconds
        seen.append(slide)
    labels = [slide["label"] for slide in seen]
    assert labels[0] == "今日晨学"
    for label in ("每日一题", "支部活动", "知识卡片"):
        assert label in labels, labels
    assert any(label in ("近期党课", "即将开讲") for label in labels), labels
    # After the last slide the cycle starts again with today's item.
    assert labels.count("今日晨学") > len([s for s in seen[:3] if s["label"] == "今日晨学"]), labels
    context.close()


def test_the_date_turning_at_midnight_brings_the_new_item(browser, site_url):
    context, page = kiosk(browser, site_url, "2026-11-30T23:59:00+08:00", query="?interval=20")
    assert current(page)["title"] == "学习贯彻要做到“学思用贯通”"
    advance(page, 80)
    slide = current(page)
    assert slide["label"] == "今日晨学" and slide["title"] == "冬季谨防一氧化碳和食物中毒"
    context.close()


def test_server_away_keeps_the_slides_then_a_new_build_reloads(browser, own_site):
    context, page = kiosk(browser, own_site.url, "2026-11-27T08:00:00+08:00", query="?interval=5&poll=5")
    page.evaluate("window.__sameDocument = true")
    loads = []
    page.on("load", lambda: loads.append(page.url))

    own_site.stop()
    advance(page, 30)  # six polls and six slides with the server gone
    assert page.evaluate("window.__sameDocument") is True
    assert page.locator(".kiosk-slide:not(.kiosk-slide--probe) .kiosk-title").inner_text()
    assert "暂时连不上服务器" in page.locator("#kiosk-status").inner_text()
    assert loads == []

    stamp_file = own_site.site / "kiosk/build.json"
    old = json.loads(stamp_file.read_text(encoding="utf-8"))["build"]
    new = "20261127090000-newbuild"
    stamp_file.write_text(json.dumps({"build": new, "generated": "2026-11-27T09:00:00+08:00"}), encoding="utf-8")
    page_file = own_site.site / "kiosk/index.html"
    page_file.write_text(page_file.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    own_site.start()

    with page.expect_event("load", timeout=15_000):
        page.clock.run_for(6000)
    assert page.evaluate("window.__sameDocument") is None
    assert json.loads(page.locator("#kiosk-config").text_content())["build"] == new
    context.close()


@pytest.mark.parametrize(("name", "viewport"), [("landscape", LANDSCAPE), ("portrait", PORTRAIT)])
def test_every_slide_fits_the_screen_at_reading_size(browser, site_url, artifacts_dir, name, viewport):
    context, page = kiosk(browser, site_url, "2026-11-27T08:30:00+08:00", viewport, query="?interval=5&delay=1")
    page.evaluate("document.fonts.ready")
    page.screenshot(path=artifacts_dir / f"kiosk-{name}.png", animations="disabled")
    kinds = set()
    for number in range(10):
        problems = page.evaluate("""() => {
            const out = [];
            const doc = document.scrollingElement;
            if (doc.scrollHeight > innerHeight || doc.scrollWidth > innerWidth) out.push('page scrolls');
            const slide = document.querySelector('.kiosk-slide:not(.kiosk-slide--probe)');
            const box = slide.getBoundingClientRect();
            for (const el of slide.querySelectorAll(
                    '.kiosk-title, .kiosk-text, .kiosk-body p, .kiosk-option, .kiosk-answer p')) {
                if (getComputedStyle(el).visibility === 'hidden') continue;
                const r = el.getBoundingClientRect();
                const size = parseFloat(getComputedStyle(el).fontSize);
                if (size < 40) out.push(`${el.className || el.tagName}: ${size}px`);
                if (r.bottom > box.bottom + 1 || r.right > box.right + 1)
                    out.push(`${el.textContent.slice(0, 12)} cut off`);
                if (el.scrollWidth > el.clientWidth + 1) out.push(`${el.textContent.slice(0, 12)} overflows`);
            }
            return out;
        }""")
        slide = current(page)
        assert problems == [], (slide, problems)
        if slide["label"] in ("每日一题", "支部活动") and slide["label"] not in kinds:
            advance(page, 1.2)  # the answer is shown after one second here
            page.screenshot(path=artifacts_dir / f"kiosk-{name}-{len(kinds)}.png", animations="disabled")
            advance(page, 5 - 1.2)
        else:
            advance(page, 5)
        kinds.add(slide["label"])
    assert {"今日晨学", "每日一题", "支部活动", "知识卡片"} <= kinds
    context.close()


def test_no_request_leaves_the_portal_host(browser, site_url):
    context = browser.new_context(viewport=LANDSCAPE, timezone_id="Asia/Shanghai")
    requests = []
    context.on("request", lambda request: requests.append(request.url))
    page = context.new_page()
    page.clock.install(time="2026-11-27T08:00:00+08:00")
    page.goto(site_url + "/kiosk/?interval=3&poll=5", wait_until="networkidle")
    for _ in range(12):
        advance(page, 3)
    context.close()
    host = urlparse(site_url).netloc
    assert any(url.endswith(".jpg") for url in requests)  # the photos really loaded
    assert [url for url in requests if urlparse(url).netloc != host and not url.startswith("data:")] == []


def test_a_markup_title_is_shown_as_characters(browser, own_site):
    index_file = own_site.site / "morning/index.json"
    index = json.loads(index_file.read_text(encoding="utf-8"))
    today = next(item for item in index["items"] if item["date"] == "2026-11-27")
    today["title"] = "<img src=x onerror=alert(1)>"
    today["question"]["prompt"] = "<b>加粗</b>"
    index_file.write_text(json.dumps(index, ensure_ascii=False), encoding="utf-8")
    context, page = kiosk(browser, own_site.url, "2026-11-27T08:00:00+08:00", query="?interval=5")
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    assert current(page)["title"] == "<img src=x onerror=alert(1)>"
    assert page.locator(".kiosk-title img, .kiosk-title b").count() == 0
    for _ in range(5):
        advance(page, 5)
        if current(page)["label"] == "每日一题":
            assert current(page)["title"] == "<b>加粗</b>"
            break
    else:
        raise AssertionError("the question slide did not come")
    assert dialogs == []
    context.close()


def test_weeks_of_rotation_do_not_grow_the_page(browser, site_url):
    context, page = kiosk(browser, site_url, "2026-11-27T08:00:00+08:00", query="?interval=2&delay=1&poll=60")
    cdp = context.new_cdp_session(page)
    cdp.send("Performance.enable")

    def measure():
        cdp.send("HeapProfiler.collectGarbage")
        metrics = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
        return metrics["Nodes"], metrics["JSHeapUsedSize"], metrics["JSEventListeners"]

    advance(page, 40)  # one full cycle first: caches and fonts settle
    nodes_before, heap_before, listeners_before = measure()
    for _ in range(30):
        advance(page, 20)  # 300 slides, 10 minutes of screen time
    nodes_after, heap_after, listeners_after = measure()
    assert nodes_after <= nodes_before + 150, (nodes_before, nodes_after)
    assert listeners_after <= listeners_before + 5, (listeners_before, listeners_after)
    assert heap_after - heap_before < 1_500_000, (heap_before, heap_after)
    context.close()


@pytest.mark.parametrize(("small", "full"), [({"width": 1366, "height": 768}, LANDSCAPE),
                                             ({"width": 390, "height": 844}, PORTRAIT)])
def test_a_smaller_screen_shows_the_same_slides_scaled_to_fit(browser, site_url, artifacts_dir, small, full):
    """A 1366×768 television pages the item as a full-HD screen does (was one sentence a page), and
    everything — emblem, title, clock, slide — is on the screen, uncut."""
    when = "2026-11-27T08:30:00+08:00"
    full_context, full_page = kiosk(browser, site_url, when, full)
    small_context, small_page = kiosk(browser, site_url, when, small)
    assert current(small_page)["page"] == current(full_page)["page"] is not None
    for selector in (".kiosk-brand", "#kiosk-clock", ".kiosk-slide:not(.kiosk-slide--probe)", "#kiosk-dots"):
        box = small_page.locator(selector).bounding_box()
        assert box["x"] >= 0 and box["y"] >= 0, selector
        assert (box["x"] + box["width"] <= small["width"] + 1
                and box["y"] + box["height"] <= small["height"] + 1), selector
    for element in (".kiosk-brand", "#kiosk-clock"):
        assert small_page.locator(element).evaluate("e => e.scrollWidth <= e.clientWidth + 1"), element
    small_page.screenshot(path=artifacts_dir / f"kiosk-{small['width']}x{small['height']}.png", animations="disabled")
    full_context.close()
    small_context.close()
