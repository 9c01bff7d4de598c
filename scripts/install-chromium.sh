#!/usr/bin/env bash
# Installs Debian's headless browser for the report's test: chromium and the chromedriver built with
# it (chromium-driver), so that the two always match. Nothing to do when both are on the PATH.
#   scripts/install-chromium.sh
# Needs root or password-less sudo and an apt source; exits 1 with the reason when it cannot
# install, and the report's browser test is then skipped with that reason.
set -euo pipefail

if command -v chromium >/dev/null && command -v chromedriver >/dev/null; then
  exit 0
fi
if ! command -v apt-get >/dev/null; then
  echo "install-chromium: no apt-get here; install Chromium and its chromedriver by hand" >&2
  exit 1
fi
sudo=()
if [[ "$(id -u)" -ne 0 ]]; then
  if ! sudo -n true 2>/dev/null; then
    echo "install-chromium: not root and no password-less sudo; run: sudo apt-get install chromium chromium-driver" >&2
    exit 1
  fi
  sudo=(sudo -n)
fi
echo "install-chromium: installing chromium and chromium-driver with apt-get (about a minute)" >&2
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
# fonts-liberation: the report's text renders with the same metrics on every machine.
"${sudo[@]}" apt-get install -y -qq --no-install-recommends chromium chromium-driver fonts-liberation >/dev/null
command -v chromium >/dev/null && command -v chromedriver >/dev/null
