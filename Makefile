# The README's two commands: `make map` builds output/map.html, `make test` runs every test.
# Both install what they need first (a virtualenv, the pinned npm front-end files, Chromium).

VENV ?= .venv
PYTHON ?= python3
BIN := $(VENV)/bin

.PHONY: map test install browser lint bench clean

map: install
	$(BIN)/mapgen build

test: install browser
	$(BIN)/ruff check mapgen tests bench
	$(BIN)/ruff format --check mapgen tests bench
	$(BIN)/pytest

install: .stamp-install

.stamp-install: pyproject.toml mapgen/vendor/package.json mapgen/vendor/package-lock.json examples/package.json examples/package-lock.json \
		tests/js/package.json tests/js/package-lock.json
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	npm ci --prefix mapgen/vendor --no-audit --no-fund --loglevel=error
	npm ci --prefix examples --no-audit --no-fund --loglevel=error
	# Test-only JavaScript (axe-core for the accessibility test); never part of a map.
	npm ci --prefix tests/js --no-audit --no-fund --loglevel=error
	touch $@

# The browser tests and `mapgen export` drive the system's Chromium (never a downloaded one).
browser:
	@command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else \
	    echo "Chromium is needed for the browser tests: sudo apt-get install chromium" >&2; exit 1; \
	  fi

bench: install browser
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) .stamp-install mapgen/vendor/node_modules examples/node_modules tests/js/node_modules output/*.html output/*.png
