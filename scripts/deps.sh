#!/usr/bin/env bash
# Installs what building and testing ReplyDesk needs on Debian or Ubuntu and is
# missing: system packages (apt-get), Go modules and npm packages. Safe to run
# again: it only installs what is not there.
#   scripts/deps.sh           what make run and make test need
#   scripts/deps.sh windows   also NSIS (makensis), for make windows' installer
set -euo pipefail
cd "$(dirname "$0")/.."

extra=()
for target in "$@"; do
  case $target in
    windows) extra+=(nsis) ;;
    *) echo "deps: unknown target $target (known: windows)" >&2; exit 2 ;;
  esac
done

sudo_cmd=()
[ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)

# installed tells whether a package is installed: `dpkg -s` also succeeds for
# one removed but not purged (only its configuration files left).
installed() {
  [ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null)" = "install ok installed" ]
}

# WebKitGTK 4.0 (Debian 12, Ubuntu 22.04) or 4.1 (Ubuntu 24.04+; build with -tags webkit2_41).
webkit=libwebkit2gtk-4.0-dev
if ! installed "$webkit" && ! apt-cache show "$webkit" >/dev/null 2>&1; then
  webkit=libwebkit2gtk-4.1-dev
fi
# fonts-noto-cjk and fonts-noto-color-emoji: Chinese text and emoji (buyers' messages, preset
# questions) in the window and in the end-to-end Chromium; without them they show as boxes.
want=(build-essential pkg-config libgtk-3-dev "$webkit" xvfb xauth dbus-x11 chromium fonts-noto-cjk fonts-noto-color-emoji imagemagick ca-certificates)
want+=("${extra[@]}")
command -v node >/dev/null 2>&1 || want+=(nodejs npm)
missing=()
for p in "${want[@]}"; do
  installed "$p" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "deps: installing ${missing[*]}"
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

command -v go >/dev/null 2>&1 || { echo "deps: Go 1.26 or newer is needed: https://go.dev/dl/" >&2; exit 1; }
go mod download
go mod download -modfile=tools/go.mod

npm_ci() { # installs a folder's npm packages when the lock file changed since the last install
  local dir=$1
  if [ ! -f "$dir/node_modules/.package-lock.json" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
  fi
}
npm_ci frontend
npm_ci e2e
