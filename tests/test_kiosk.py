"""The kiosk's settings and data, and the kiosk page in the built site."""

from __future__ import annotations

import json
import re

import pytest
from portal_core.kiosk import page_config
from portal_core.site_config import KIOSK_DEFAULTS as DEFAULTS
from portal_core.site_config import kiosk_settings
from support import mkdocs_build
from support import read_page as read


def test_settings_default_and_bad_values_are_named_in_chinese():
    assert kiosk_settings(None) == (DEFAULTS, [])
    settings, problems = kiosk_settings({"interval": 8, "slides": ["morning", "question"]})
    assert settings["interval"] == 8 and settings["slides"] == ["morning", "question"] and problems == []
    _settings, problems = kiosk_settings({"interval": "二十", "slides": ["morning", "weather"], "colour": "red"})
    assert problems == [
        ("interval", "kiosk 的 interval 应该是一个正整数（秒或条数），现在是“二十”。"),
        ("slides", "kiosk 的 slides 只能从这些里选：morning、question、activities、knowledge、lecture；"
                   "不认识：weather。"),
        ("colour", "kiosk 里不认识“colour”。可用的设置：interval、answer_delay、poll、activities、slides。"),
    ]


def test_page_config_cannot_close_its_script_element():
    assert "</script>" not in page_config({"slides": ["</script><script>alert(1)</script>"]}, "b1")


def test_kiosk_page_has_no_site_chrome_and_knows_its_build(site_dir):
    html = read(site_dir, "/kiosk/")
    assert '<html lang="zh">' in html
    assert "md-header" not in html and "md-tabs" not in html and "md-sidebar" not in html
    config = json.loads(re.search(r'<script id="kiosk-config" type="application/json">(.*?)</script>', html).group(1))
    stamp = json.loads((site_dir / "kiosk/build.json").read_text(encoding="utf-8"))
    assert config["build"] == stamp["build"]
    assert config["interval"] == 20 and config["slides"][0] == "morning"
    assert (site_dir / "assets/kiosk/kiosk.js").is_file() and (site_dir / "assets/kiosk/kiosk.css").is_file()


def test_kiosk_data_is_plain_text_with_photos_that_exist(site_dir):
    data = json.loads((site_dir / "kiosk/data.json").read_text(encoding="utf-8"))
    assert len(data["activities"]) == 3
    assert [a["date"] for a in data["activities"]] == sorted((a["date"] for a in data["activities"]), reverse=True)
    for activity in data["activities"]:
        assert (site_dir / activity["photo"].lstrip("/")).is_file()
    assert len(data["lectures"]) == 4 and data["lectures"][0]["date"] < data["lectures"][-1]["date"]
    assert len(data["cards"]) >= 12
    for card in data["cards"]:
        assert card["manual"].endswith("手册") and 20 <= len(card["text"]) <= 110
    for value in json.dumps(data, ensure_ascii=False).split('"'):
        assert not re.search(r"<[A-Za-z/]", value), value


@pytest.mark.build
def test_bad_kiosk_settings_stop_the_build(project):
    settings = project / "docs/morning/settings.yml"
    text = settings.read_text(encoding="utf-8")
    settings.write_text(text.replace("interval: 20", "interval: 0"), encoding="utf-8")
    line = text.split("\n").index(next(row for row in text.split("\n") if "interval: 20" in row)) + 1
    result = mkdocs_build(project)
    assert result.returncode != 0
    assert f"docs/morning/settings.yml:{line}: kiosk 的 interval 应该是一个正整数" in result.stderr
    assert "Traceback" not in result.stderr
