#!/bin/sh
# Install Debian's Chromium for the browser tests (tests/test_web_browser.py and the HTML
# report's test) when it is absent and we can: root and apt-get. The tests drive this system
# browser through Playwright and never download one; without it they skip and say why.
set -u
[ -x /usr/bin/chromium ] && exit 0
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing Debian's chromium for the browser tests"
    apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium >/dev/null \
        || echo "warning: could not install chromium; the browser tests will skip" >&2
else
    echo "warning: /usr/bin/chromium missing (sudo apt-get install chromium); the browser tests will skip" >&2
fi
exit 0
