# The Reflective Therapist: one entry point for every task. `make help` lists them.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1:8000
SUDO   := $(if $(filter 0,$(shell id -u)),,sudo)
# The browser the tests drive; CI on other systems can point this at their own Chromium.
export CHROMIUM ?= /usr/bin/chromium
export NO_MKDOCS_2_WARNING := 1

.DEFAULT_GOAL := help
LIGHTHOUSE_VERSION := 12.8.2
# Node tools (cspell, the iframe-worker shim) are pinned in package.json and package-lock.json.
NODE_DEPS := node_modules/.installed
CSPELL := node_modules/.bin/cspell
SHIM := node_modules/iframe-worker/shim/index.js

.PHONY: help serve build test lint bench links offline chromium clean

help: ## List the tasks
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# A stamp per requirements file: pip runs again only when a pin changes.
$(VENV)/.site-deps: requirements.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements.txt
	@touch $@

$(VENV)/.test-deps: requirements-test.txt $(VENV)/.site-deps
	$(BIN)/python -m pip install --quiet -r requirements-test.txt
	@touch $@

serve: $(VENV)/.site-deps ## Preview the site with live reload on http://127.0.0.1:8000
	$(BIN)/mkdocs serve --dev-addr $(HOST)

build: $(VENV)/.site-deps ## Build the site into site/ exactly as CI does
	$(BIN)/mkdocs build --strict

chromium: ## Install Debian's chromium for the browser tests, when it is missing
	@test -x "$(CHROMIUM)" || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium; }

test: lint $(VENV)/.test-deps chromium $(NODE_DEPS) ## Run the whole test suite (lint first)
	$(BIN)/python -m pytest

# npm ci installs exactly the locked versions, checking each package's integrity.
# (cspell 10 needs Node 22; the pinned 9.8 runs on the Node 20 this machine has.)
$(NODE_DEPS): package.json package-lock.json
	npm ci --silent --no-audit --no-fund
	@touch $@

lint: $(VENV)/.test-deps $(NODE_DEPS) ## Check Markdown style (.pymarkdown) and spelling (cspell.json, project-words.txt)
	$(BIN)/pymarkdown scan -r docs README.md CONTRIBUTING.md
	$(CSPELL) --no-progress --no-summary

# Lighthouse 13 needs Node 22; 12.8 runs on the Node 20 that Debian and this machine have.
.cache/lighthouse/node_modules/.bin/lighthouse:
	npm install --silent --no-audit --no-fund --prefix .cache/lighthouse lighthouse@$(LIGHTHOUSE_VERSION)

bench: $(VENV)/.site-deps chromium .cache/lighthouse/node_modules/.bin/lighthouse ## Measure build time, page weight and Lighthouse scores (not part of test)
	$(BIN)/python tests/bench.py

# The offline plugin's search needs the iframe-worker shim: the copy serves it from its own
# files (from the pinned npm package) instead of a CDN.
OFFLINE_DIR ?= build/reflective-therapist
OFFLINE_ZIP ?= build/reflective-therapist-offline.zip
offline: $(VENV)/.site-deps $(NODE_DEPS) ## Build the offline copy: build/reflective-therapist-offline.zip
	rm -rf $(OFFLINE_DIR) $(OFFLINE_ZIP)
	$(BIN)/mkdocs build --strict -f mkdocs.offline.yml -d $(OFFLINE_DIR)
	mkdir -p $(OFFLINE_DIR)/assets/javascripts/iframe-worker
	cp $(SHIM) $(OFFLINE_DIR)/assets/javascripts/iframe-worker/shim.js
	cp node_modules/iframe-worker/LICENSE $(OFFLINE_DIR)/assets/javascripts/iframe-worker/LICENSE
	cd $(dir $(OFFLINE_DIR)) && $(abspath $(BIN))/python -m zipfile -c $(abspath $(OFFLINE_ZIP)) $(notdir $(OFFLINE_DIR))
	@echo "Offline copy: $(OFFLINE_ZIP) (unzip it, then open reflective-therapist/index.html)"

links: $(VENV)/.site-deps ## Record new published addresses in tests/published-links.txt
	$(BIN)/python tests/links.py

clean: ## Remove the built site and caches (keeps .venv)
	rm -rf site build .pytest_cache
