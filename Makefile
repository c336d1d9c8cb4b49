# ReplyDesk — `make run` sets everything up and opens the app; `make test` runs every test.
SHELL := /bin/bash
.DEFAULT_GOAL := run

WAILS   := go tool -modfile=tools/go.mod wails
# The WebKitGTK build tag is probed by the recipes (scripts/buildtags.sh), after
# scripts/deps.sh has installed the packages: never when make reads this file.
TAGS     := tags=$$(scripts/buildtags.sh) &&
VERSION := $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS := -X main.version=$(VERSION)
BIN     := build/bin/replydesk
DEVBIN  := build/bin/replydesk-dev
WINBIN  := build/bin/replydesk.exe
WININST := build/bin/ReplyDesk-amd64-installer.exe
# Wails v2.9.2 prints two stray lines per bound struct field while it makes
# the bindings: scripts/quietwails.sh drops them and keeps the exit status.
QUIET   := scripts/quietwails.sh
GO_SRC  := $(shell find . -name '*.go' -not -path './frontend/*' -not -path './e2e/*') go.mod go.sum
FE_SRC  := $(shell find frontend/src frontend/index.html frontend/package-lock.json frontend/vite.config.ts -type f 2>/dev/null)

.PHONY: run deps build dev windows test test-go test-frontend test-e2e screenshots clean

deps: .deps.stamp
.deps.stamp: scripts/deps.sh frontend/package-lock.json e2e/package-lock.json go.mod tools/go.mod
	scripts/deps.sh
	@touch $@

## run: install what is missing, build, and open the app with the demo shops
run: build
	$(BIN)

## build: the production binary (frontend built and bound by Wails)
build: $(BIN)
$(BIN): .deps.stamp frontend/dist/index.html $(GO_SRC)
	$(TAGS) $(QUIET) $(WAILS) build -s -tags "$$tags" -ldflags "$(LDFLAGS)" -o replydesk

frontend/dist/index.html: .deps.stamp $(FE_SRC)
	cd frontend && npm run build --silent

## dev: the dev build used by the end-to-end tests (serves the window on loopback)
dev: $(DEVBIN)
$(DEVBIN): .deps.stamp frontend/dist/index.html $(GO_SRC)
	$(TAGS) go build -tags "dev $$tags" -gcflags "all=-N -l" -ldflags "$(LDFLAGS)" -o $@ .

## windows: build/bin/replydesk.exe for Windows 10/11 (amd64), cross-built with cgo off (the
## SQLite driver is pure Go), and its NSIS installer; not part of make test. The frontend and
## its committed bindings (frontend/wailsjs) are the Linux build's: no WebKitGTK tag is needed.
windows: $(WINBIN)
$(WINBIN): .deps.stamp frontend/dist/index.html $(GO_SRC) wails.json $(wildcard build/appicon.png build/windows/*.* build/windows/installer/project.nsi)
	command -v makensis >/dev/null || scripts/deps.sh windows
	rm -f $(WININST)
	CGO_ENABLED=0 $(QUIET) $(WAILS) build -s -skipbindings -platform windows/amd64 -nsis -ldflags "$(LDFLAGS)" -o replydesk.exe
	@test -f $(WININST) || { echo "windows: makensis made no installer ($(WININST))" >&2; exit 1; }
	@echo "windows: $(WINBIN) and its installer $(WININST)"

## test: every test, from nothing
test: .deps.stamp test-go test-frontend test-e2e

test-go: frontend/dist/index.html
	$(TAGS) go vet -tags "$$tags" ./...
	$(TAGS) go test -tags "$$tags" -count=1 ./...

test-frontend: .deps.stamp
	cd frontend && npm test --silent

test-e2e: $(BIN) $(DEVBIN)
	cd e2e && xvfb-run -a -s "-screen 0 1280x800x24" npm test --silent

## screenshots: PNGs of the agent window and the simulator, zh-CN and en, in screenshots/
screenshots: $(DEVBIN)
	cd e2e && xvfb-run -a -s "-screen 0 1280x800x24" node screenshots.mjs

clean:
	rm -rf build/bin frontend/dist screenshots .deps.stamp
