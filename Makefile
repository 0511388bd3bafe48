# Leader Desk. `make run` and `make test` do all the set-up on a fresh Debian/Ubuntu machine
# with Python >= 3.11 (system Qt libraries and fonts: see .ci/run or README).
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp
TS     := $(wildcard resources/i18n/*.ts)
QM     := $(TS:.ts=.qm)
export PIP_DISABLE_PIP_VERSION_CHECK = 1

.PHONY: run test lint format translations update-ts screenshots bench clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python >= 3.11 is needed")'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test]'
	touch $(STAMP)

resources/i18n/%.qm: resources/i18n/%.ts $(STAMP)
	$(VENV)/bin/pyside6-lrelease -silent $< -qm $@

translations: $(QM)

run: $(STAMP) translations
	$(PY) main.py $(ARGS)

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(STAMP)
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

test: $(STAMP) translations lint
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q $(PYTEST_ARGS)

# Re-extract user-facing strings into the .ts files (then translate them in Qt Linguist).
SOURCES = $(wildcard leader_app/*.py leader_app/*/*.py storage/*.py sync/*.py ui/*.py ui/*/*.py)
update-ts: $(STAMP)
	$(VENV)/bin/pyside6-lupdate -no-obsolete -locations none $(SOURCES) -ts resources/i18n/leader_zh_CN.ts
	$(VENV)/bin/pyside6-lupdate -no-obsolete -pluralonly -locations none $(SOURCES) -ts resources/i18n/leader_en.ts

screenshots: $(STAMP) translations
	QT_QPA_PLATFORM=offscreen $(PY) tools/screenshots.py docs/screenshots

bench: $(STAMP) translations
	QT_QPA_PLATFORM=offscreen $(PY) bench/run_all.py

clean:
	rm -rf $(VENV) resources/i18n/*.qm

# The real desk under Xvfb on xcb, driven by real key presses (xdotool), at 1366×768 and
# 1280×720 in zh_CN and en: screenshots to docs/screenshots/, fails on anything off screen.
.PHONY: walkthrough
walkthrough: $(STAMP) translations
	$(PY) tools/walkthrough.py $(WALK_ARGS)
