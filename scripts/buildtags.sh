#!/usr/bin/env bash
# Prints the Go build tags the desktop build needs on this machine. It is
# called by the Makefile's recipes, after scripts/deps.sh has installed the
# system packages: a probe made when make reads the Makefile would run before
# anything is installed and guess wrong on a fresh machine.
#   WebKitGTK 4.0 (Debian 12, Ubuntu 22.04): no tag; only 4.1 (Ubuntu 24.04+): webkit2_41.
set -euo pipefail
if pkg-config --exists webkit2gtk-4.0 2>/dev/null; then
  exit 0
fi
if pkg-config --exists webkit2gtk-4.1 2>/dev/null; then
  echo webkit2_41
  exit 0
fi
echo "buildtags: neither webkit2gtk-4.0 nor webkit2gtk-4.1 is installed; run scripts/deps.sh" >&2
exit 1
