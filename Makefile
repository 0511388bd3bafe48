# Leader Desk. `make run` and `make test` do all the set-up on a fresh Debian/Ubuntu machine
# with Python >= 3.11 (system Qt libraries and fonts: see .ci/run or README).
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp
TS     := $(wildcard resources/i18n/*.ts)
QM     := $(TS:.ts=.qm)
export PIP_DISABLE_PIP_VERSION_CHECK = 1

.PHONY: run test lint format translations update-ts screenshots bench clean dist dist-check

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

# The one-folder bundle (PyInstaller) under dist/leader-desk/, and its tarball. Linux builds
# here; Windows builds from the same spec with packaging/windows/build.ps1.
VERSION    = $(shell $(PYTHON) -c 'import re; print(re.search(r"__version__ = \"(.+)\"", open("leader_app/__init__.py").read())[1])')
DIST_STAMP := $(VENV)/.dist-stamp
$(DIST_STAMP): $(STAMP)
	$(PY) -m pip install -q -e '.[dist]'
	touch $(DIST_STAMP)

dist: $(DIST_STAMP) translations
	$(VENV)/bin/pyinstaller --noconfirm --clean --log-level WARN --distpath dist \
	    --workpath build/pyinstaller packaging/leader-desk.spec
	# leader-app and leader-desk are the same program; on Linux one file serves both names.
	ln -sf leader-desk dist/leader-desk/leader-app
	cp packaging/linux/leader-desk.desktop packaging/linux/leader-desk.png \
	    packaging/linux/install.sh dist/leader-desk/
	tar -C dist -czf dist/leader-desk-$(VERSION)-linux-$(shell uname -m).tar.gz leader-desk
	@du -sh dist/leader-desk dist/leader-desk-*.tar.gz

dist-check: dist
	bash packaging/smoke.sh dist/leader-desk

clean:
	rm -rf $(VENV) resources/i18n/*.qm build dist

# System packages for a fresh Debian/Ubuntu machine (`make deps`, as root, or with sudo): Qt's
# runtime and the xcb libraries its X11 platform plugin loads, the CJK and emoji fonts, poppler,
# venv; then what the tests use: Xvfb, xwininfo, xdotool, CUPS with cups-pdf.
DEBS = libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libdbus-1-3 libglib2.0-0 \
	libx11-6 libx11-xcb1 libxcb1 libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 \
	libxcb-randr0 libxcb-render0 libxcb-render-util0 libxcb-shape0 libxcb-shm0 libxcb-sync1 \
	libxcb-util1 libxcb-xfixes0 libxcb-xinerama0 libxcb-xkb1 \
	fonts-wqy-microhei fonts-noto-color-emoji poppler-utils python3-venv \
	xvfb x11-utils xdotool cups printer-driver-cups-pdf

.PHONY: deps
deps:
	@if [ "$$(id -u)" != 0 ]; then \
		echo "make deps installs Debian packages: run it as root, or with sudo" >&2; exit 1; fi
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $(DEBS)
	rm -rf $(VENV) resources/i18n/*.qm

# The real desk under Xvfb on xcb, driven by real key presses (xdotool), at 1366×768 and
# 1280×720 in zh_CN and en: screenshots to docs/screenshots/, fails on anything off screen.
.PHONY: walkthrough
walkthrough: $(STAMP) translations
	$(PY) tools/walkthrough.py $(WALK_ARGS)
