# bolig: `make run` serves the demo, `make test` runs every check. Both set up what they need.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 5000
export FLASK_APP := app
VENDOR := bolig/static/vendor
DS := node_modules/@digdir/designsystemet-css/dist
PO := $(wildcard bolig/translations/*/LC_MESSAGES/messages.po)
MO := $(PO:.po=.mo)

.PHONY: run test lint fmt seed install messages chromium pdf-libs bench-tools

run: install pdf-libs
	$(BIN)/flask db upgrade
	$(BIN)/flask seed demo
	@echo "bolig runs at http://127.0.0.1:$(PORT) with its scheduler; SMS are shown at /sms (Ctrl-C stops both)"
	export BOLIG_PUBLIC_URL=$${BOLIG_PUBLIC_URL:-http://127.0.0.1:$(PORT)}; \
	$(BIN)/flask jobs run & trap 'kill $$!' EXIT; \
	BOLIG_SESSION_COOKIE_SECURE=false $(BIN)/flask run --host 127.0.0.1 --port $(PORT)

test: install chromium pdf-libs lint
	$(BIN)/pytest

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy bolig providers jobs seed

fmt: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

seed: install
	$(BIN)/flask db upgrade
	$(BIN)/flask seed demo

install: .stamp-python $(VENDOR)/designsystemet.css $(VENDOR)/designsystemet-theme.css $(MO)

.stamp-python: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

.stamp-npm: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

$(VENDOR)/designsystemet.css: .stamp-npm
	mkdir -p $(VENDOR)
	cp $(DS)/src/index.css $@

$(VENDOR)/designsystemet-theme.css: .stamp-npm
	mkdir -p $(VENDOR)
	cp $(DS)/theme/designsystemet.css $@

%.mo: %.po .stamp-python
	$(BIN)/pybabel compile --statistics -i $< -o $@

# After changing user-facing text: extract it and update the catalogs, then translate what is new.
messages: .stamp-python
	$(BIN)/pybabel extract --no-location --sort-output -F babel.cfg -k _l -o bolig/translations/messages.pot .
	$(BIN)/pybabel update --no-fuzzy-matching -i bolig/translations/messages.pot -d bolig/translations

# The browser tests drive Debian's Chromium; Playwright's own browser download is not used.
chromium:
	@if command -v chromium >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
	else echo "The browser tests need Chromium: run 'sudo apt-get install chromium' (Debian/Ubuntu) and try again."; exit 1; fi

# Decision letters are drawn by WeasyPrint, which needs Pango, HarfBuzz's font subsetting (without it
# WeasyPrint warns, and the tests treat warnings as errors) and a font with Norwegian letters.
# ldconfig lives in /sbin, which is not on an ordinary user's PATH on Debian.
pdf-libs:
	@if PATH="$$PATH:/sbin:/usr/sbin" ldconfig -p | grep -q libpangoft2-1.0.so.0 \
		&& PATH="$$PATH:/sbin:/usr/sbin" ldconfig -p | grep -q libharfbuzz-subset.so.0; then :; \
	elif [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core; \
	else echo "Decision letters need Pango: run 'sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core' (Debian/Ubuntu) and try again."; exit 1; fi

# The HTTP benchmarks load the app with wrk, a load generator written in C, from a process of its own.
bench-tools: install
	@if command -v wrk >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk; \
	else echo "The benchmarks need wrk: run 'sudo apt-get install wrk' (Debian/Ubuntu) and try again."; exit 1; fi
