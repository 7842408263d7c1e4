# opslab — `make run` starts the shell, `make test` passes every test; both install what is missing.
SWIFT        ?= swift
VENV         := .venv
PYTHON       := $(VENV)/bin/python
APT_PACKAGES := libedit-dev libssl-dev libsqlite3-dev zlib1g-dev pkg-config tmux
# Only for the tests: Prometheus' promtool checks the metrics files and alerting rules opslab
# writes. Unpacked from Debian's prometheus package into .build-tools/, not installed, so no
# Prometheus service is set up on the machine.
PROMTOOL     := .build-tools/prometheus/usr/bin/promtool
RELEASE_BIN  := .build/release/opslab
DEBUG_BIN    := .build/debug/opslab
SUDO         := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
SHELL        := /bin/bash

.PHONY: run test build release deps deps-test venv-test venv-bench bench unit e2e clean

run: deps release
	@$(RELEASE_BIN)

test: deps deps-test venv-test build unit e2e

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release --static-swift-stdlib

unit: build
	$(SWIFT) test

e2e: build venv-test deps-test
	OPSLAB_BIN=$(abspath $(DEBUG_BIN)) PROMTOOL=$(abspath $(PROMTOOL)) $(PYTHON) -m pytest -q Tests/e2e

bench: deps release venv-bench
	$(PYTHON) bench/bench.py --opslab $(RELEASE_BIN)

# System libraries: libedit (line editing), libcrypto (SHA-256), SQLite (sql, store, lab.db), zlib (.csv.gz), tmux (terminal tests).
deps:
	@if ! pkg-config --exists libedit libcrypto sqlite3 zlib 2>/dev/null || ! command -v tmux >/dev/null; then \
	  echo "installing $(APT_PACKAGES)"; \
	  $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq $(APT_PACKAGES); \
	fi

deps-test: $(PROMTOOL)

$(PROMTOOL):
	@echo "fetching promtool (Debian's prometheus package, unpacked into .build-tools/)"
	@mkdir -p .build-tools && cd .build-tools && rm -f prometheus_*.deb && \
	  { apt-get download prometheus 2>/dev/null || { $(SUDO) apt-get update -qq && apt-get download prometheus 2>/dev/null; }; } && \
	  rm -rf prometheus && dpkg-deb -x prometheus_*.deb prometheus && rm -f prometheus_*.deb
	@$(PROMTOOL) --version >/dev/null

$(VENV)/bin/python:
	python3 -m venv $(VENV)

venv-test: $(VENV)/.test-installed
$(VENV)/.test-installed: requirements-test.txt | $(VENV)/bin/python
	$(PYTHON) -m pip install -q -r requirements-test.txt
	touch $@

venv-bench: $(VENV)/.bench-installed
$(VENV)/.bench-installed: requirements-bench.txt | $(VENV)/bin/python
	$(PYTHON) -m pip install -q -r requirements-bench.txt
	touch $@

clean:
	rm -rf .build bench/out
