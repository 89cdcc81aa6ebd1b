#!/usr/bin/env bash
# The corridor screen's launcher (文化长廊): waits until the portal answers, then opens the
# browser full screen on the kiosk page, and opens it again if it is ever closed. Started at
# login on the corridor PC, so a PC that boots before the server never shows an error page.
#
#   bash start-kiosk.sh http://门户地址/kiosk/
#
# KIOSK_BROWSER replaces the browser command; KIOSK_WAIT_SECONDS the pause between tries (10).
set -u
url=${1:?用法：bash start-kiosk.sh http://门户地址/kiosk/}
stamp="${url%/}/build.json"
wait_seconds=${KIOSK_WAIT_SECONDS:-10}
browser=${KIOSK_BROWSER:-chromium --kiosk --incognito --noerrdialogs --disable-infobars \
  --hide-crash-restore-bubble --disable-session-crashed-bubble --no-first-run \
  --disable-background-networking --disable-component-update --check-for-update-interval=31536000 \
  --disable-features=Translate --overscroll-history-navigation=0 --disable-pinch}

answers() {
    if command -v curl >/dev/null 2>&1; then
        curl --fail --silent --max-time 5 --output /dev/null "$1"
    else
        wget --quiet --timeout=5 --output-document=/dev/null "$1"
    fi
}

while true; do
    until answers "$stamp"; do
        echo "[文化长廊] 门户暂时连不上（$stamp），${wait_seconds} 秒后再试。"
        sleep "$wait_seconds"
    done
    echo "[文化长廊] 门户已连通，打开大屏：$url"
    $browser "$url"
    if [ -n "${KIOSK_ONCE:-}" ]; then exit 0; fi  # for tests: one browser, then stop
    sleep "$wait_seconds"
done
