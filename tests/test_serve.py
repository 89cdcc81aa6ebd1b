"""`mkdocs serve` runs the indexer too, and again on every rebuild."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.request

from conftest import free_port


def fetch_json(url: str, deadline: float, wanted=lambda data: True):
    """Poll until the server answers with JSON that satisfies `wanted`, or the deadline passes."""
    last = None
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                last = json.loads(response.read().decode("utf-8"))
                if wanted(last):
                    return last
        except (OSError, ValueError):
            pass
        time.sleep(0.5)
    raise AssertionError(f"no wanted answer from {url} in time; last: {str(last)[:200]}")


def test_serve_generates_and_regenerates_the_index(project):
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=project, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    try:
        url = f"http://127.0.0.1:{port}/morning/index.json"
        data = fetch_json(url, time.monotonic() + 120)
        dates = [item["date"] for item in data["items"]]
        assert "2026-11-27" in dates and "2026-12-04" not in dates

        (project / "docs/morning/2026/2026-12-04.md").write_text(
            "---\ntitle: 服务器运行中新增的一条\ndate: 2026-12-04\ntopic: 政治理论\n---\n\n"
            "编辑在门户运行时新增了一条晨学，保存后门户自动重新生成，索引里就有了它。\n", encoding="utf-8")
        data = fetch_json(url, time.monotonic() + 120, lambda d: d["items"][-1]["date"] == "2026-12-04")
        assert data["items"][-1]["title"] == "服务器运行中新增的一条"
        assert len(data["items"]) == len(dates) + 1  # rebuilt from scratch, nothing kept twice
    finally:
        server.terminate()
        server.wait(timeout=30)
