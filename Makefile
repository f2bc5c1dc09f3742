# Every install step of the project lives here or in deploy/local/stack: a new machine has nothing else.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STACK := deploy/local/stack

.PHONY: install test unit integration lint demo demo-stop bench stack-up stack-down clean

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

install: $(BIN)/.installed

stack-up:
	$(STACK) up

stack-down:
	$(STACK) down

## make test: install, bring the real stack up, run every test (unit, rules, integration, chaos).
test: install stack-up
	$(BIN)/pytest

unit: install
	$(BIN)/pytest tests/unit

integration: install stack-up
	$(BIN)/pytest tests/integration tests/chaos

lint: install
	$(BIN)/ruff check processor schemas tests
	$(BIN)/ruff format --check processor schemas tests
	$(BIN)/mypy

## make demo: the product on the local stack with simulated traffic.
demo: install stack-up
	PATH="$(CURDIR)/$(BIN):$$PATH" deploy/local/demo start

demo-stop:
	deploy/local/demo stop

bench: install stack-up
	$(BIN)/python -m processor.bench

clean:
	rm -rf $(VENV) build *.egg-info
