# Two commands matter: `make run` (the app) and `make test` (the whole suite).
# Both create .venv and install requirements.txt on first use (or when it changes).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8501

.PHONY: run test bench browser-deps data

$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

# npm/package-lock.json pins the swipe divider (and axe-core for the accessibility tests); without npm
# every map still works and the compare view says the swipe is unavailable.
static/vendor/.copied: $(VENV)/.installed scripts/vendor_assets.py npm/package-lock.json
	if command -v npm >/dev/null 2>&1; then npm ci --prefix npm --no-audit --no-fund --loglevel=error; \
	else echo "npm not found: the swipe compare and the accessibility tests need it"; fi
	$(PY) -m scripts.vendor_assets
	touch $@

run: static/vendor/.copied
	$(PY) cli.py stats --all > /dev/null  # fills .cache once: settlements, zones and numbers of every catalog proposal
	$(PY) -m streamlit run app.py --server.port $(PORT) --server.address 127.0.0.1

test: static/vendor/.copied
	$(PY) -m ruff check .
	$(PY) -m pytest -q

bench: static/vendor/.copied
	$(PY) -m bench.benchmark
	$(PY) -m bench.load_test --pages 20
	$(PY) -m bench.load_test --pages 20 --floor

# Debian's Chromium for the browser tests (needs root; CI runs as root).
browser-deps:
	command -v chromium >/dev/null 2>&1 || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null)

# Rebuild data from sources (needs npm for the Natural Earth package).
data: $(VENV)/.installed
	$(PY) -m scripts.build_boundaries
	$(PY) -m scripts.build_frontline
	$(PY) -m scripts.build_context
