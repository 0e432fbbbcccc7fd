# The Reflective Therapist: one entry point for every task. `make help` lists them.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1:8000
SUDO   := $(if $(filter 0,$(shell id -u)),,sudo)
export NO_MKDOCS_2_WARNING := 1

.DEFAULT_GOAL := help
.PHONY: help serve build test chromium clean

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
	@command -v chromium >/dev/null 2>&1 || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium; }

test: $(VENV)/.test-deps chromium ## Run the whole test suite
	$(BIN)/python -m pytest

clean: ## Remove the built site and caches (keeps .venv)
	rm -rf site build .pytest_cache
