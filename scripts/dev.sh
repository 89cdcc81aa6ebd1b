#!/usr/bin/env bash
# The portal's two commands on a fresh Debian/Ubuntu machine with Python 3.11:
#   bash scripts/dev.sh serve   set up .venv/ and serve the portal at http://127.0.0.1:8000
#   bash scripts/dev.sh test    set up .venv/, the browser, nginx and CJK fonts, and run every test
#   bash scripts/dev.sh test --quick   only the tests that need none of those (under a minute)
# and for editors:
#   bash scripts/dev.sh portal check | print | new morning … | import morning FILE | publish --to DIR …
# Extra arguments are passed on (to the preview, e.g. --port 8001, or to pytest).
set -euo pipefail
cd "$(dirname "$0")/.."

VENV=.venv
# Material prints a banner about MkDocs 2 on every build; our pin to 1.6.1 answers it.
export NO_MKDOCS_2_WARNING=1

say() { printf '\033[1;31m[门户]\033[0m %s\n' "$*"; }

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

apt_install() {
    say "安装系统软件包：$*"
    export DEBIAN_FRONTEND=noninteractive
    as_root apt-get update -qq
    as_root apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

python_bin() {
    for candidate in python3.11 python3; do
        if command -v "$candidate" >/dev/null 2>&1; then echo "$candidate"; return; fi
    done
    say "没有找到 Python 3，请先安装 python3。" >&2
    exit 1
}

# Create .venv/ and install a requirements file, only when it changed since the last install.
ensure_venv() {
    local requirements=$1
    if [ ! -x "$VENV/bin/python" ]; then
        say "创建虚拟环境 $VENV/"
        if ! "$(python_bin)" -m venv "$VENV" 2>/dev/null; then
            apt_install python3-venv
            "$(python_bin)" -m venv "$VENV"
        fi
    fi
    local stamp="$VENV/.installed-$(basename "$requirements")"
    local wanted
    wanted=$(cat requirements*.txt | sha256sum | cut -d' ' -f1)
    if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$wanted" ]; then
        say "安装 Python 依赖（$requirements）"
        "$VENV/bin/python" -m pip install -q --disable-pip-version-check -r "$requirements"
        echo "$wanted" > "$stamp"
    fi
}

# The printed booklets need Pango (WeasyPrint's text layout) and the Noto CJK fonts they embed.
ensure_print_packages() {
    local missing=()
    if ! { ldconfig -p 2>/dev/null || /sbin/ldconfig -p 2>/dev/null; } | grep 'libpangoft2-1.0.so.0' >/dev/null; then
        missing+=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0)
    fi
    if ! command -v fc-list >/dev/null 2>&1 || ! fc-list 2>/dev/null | grep 'Noto Serif CJK' >/dev/null; then
        missing+=(fonts-noto-cjk fontconfig)
    fi
    if [ ${#missing[@]} -gt 0 ]; then apt_install "${missing[@]}"; fi
}

# Browser tests drive Debian's chromium (no browser is ever downloaded); publish tests serve
# releases with Debian's nginx and the project's own site file.
ensure_system_packages() {
    local missing=()
    command -v chromium >/dev/null 2>&1 || missing+=(chromium)
    [ -x /usr/sbin/nginx ] || command -v nginx >/dev/null 2>&1 || missing+=(nginx)
    if [ ${#missing[@]} -gt 0 ]; then apt_install "${missing[@]}"; fi
    ensure_print_packages
}

# axe-core, the accessibility rules the browser tests apply to every kind of page: fetched once from
# the npm registry (a package registry, reachable here) and checked against its published digest.
AXE_VERSION=4.14.1
AXE_SHA256=e6b0ce02b84d892e2e33e403485e7f3d6c29e2be6df65daf44d89ba564139745
export PORTAL_AXE="$VENV/axe-core-$AXE_VERSION.min.js"
ensure_axe() {
    [ -f "$PORTAL_AXE" ] && return
    say "下载 axe-core $AXE_VERSION（无障碍检查规则，只供测试使用）"
    "$VENV/bin/python" - "$AXE_VERSION" "$AXE_SHA256" "$PORTAL_AXE" <<'PY'
import hashlib, io, os, sys, tarfile, urllib.request
version, digest, target = sys.argv[1:]
url = f"https://registry.npmjs.org/axe-core/-/axe-core-{version}.tgz"
data = urllib.request.urlopen(url, timeout=120).read()
if hashlib.sha256(data).hexdigest() != digest:
    sys.exit(f"axe-core {version} 的校验值不对，没有使用下载的文件：{url}")
with tarfile.open(fileobj=io.BytesIO(data)) as archive:
    script = archive.extractfile("package/axe.min.js").read()
with open(target + ".part", "wb") as out:
    out.write(script)
os.replace(target + ".part", target)
PY
}

case "${1:-}" in
    serve)
        shift
        ensure_venv requirements.txt
        ensure_print_packages
        exec "$VENV/bin/python" scripts/portal.py preview "$@"
        ;;
    test)
        shift
        ensure_venv requirements-test.txt
        say "代码检查：ruff check scripts tests"
        "$VENV/bin/ruff" check scripts tests
        if [ "${1:-}" = "--quick" ]; then
            # Everything that needs no browser, nginx, PDF, preview server, large archive or build of its own.
            shift
            exec "$VENV/bin/python" -m pytest -m "not (browser or nginx or pdf or preview or archive or build)" "$@"
        fi
        ensure_system_packages
        ensure_axe
        exec "$VENV/bin/python" -m pytest "$@"
        ;;
    portal)
        shift
        ensure_venv requirements.txt
        ensure_print_packages
        exec "$VENV/bin/python" scripts/portal.py "$@"
        ;;
    *)
        echo "用法：bash scripts/dev.sh serve | test | portal check" >&2
        exit 2
        ;;
esac
