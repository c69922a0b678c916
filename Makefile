# Rebound's interface. `make site` and `make test` are the two commands a new contributor needs.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
export NO_MKDOCS_2_WARNING := 1
# `make site` refreshes stale sources first when the network answers (within about 20 s) and
# builds from the cache at once when it does not. OFFLINE=1 never tries, nor does `make serve`
# (it rebuilds on every save); `make feeds` refreshes on request. CI (CI=true) always builds
# offline: tests never leave loopback.
OFFLINE ?= $(if $(CI),1,auto)
FEEDS_BUDGET ?= 20

.PHONY: site serve test check feeds bench audit screenshots new lock clean zensical-check

# pip brings only uv, which installs the pinned packages (constraints.txt) from its cache
# (~/.cache/uv) in about 7 s where pip took about 16 s on our 2-core machines.
UV_VERSION := 0.13.8
UV := $(BIN)/uv pip install --quiet --compile-bytecode --python $(BIN)/python -c constraints.txt

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet "uv==$(UV_VERSION)"

$(VENV)/.site-deps: pyproject.toml constraints.txt | $(BIN)/python
	$(UV) -e .
	@touch $@

$(VENV)/.test-deps: pyproject.toml constraints.txt | $(BIN)/python
	$(UV) -e ".[test]"
	@touch $@ $(VENV)/.site-deps

# Generation first (the network refresh, within the budget, writes .rebound-generated/); the build
# then regenerates offline from the fresh cache, so `mkdocs build` alone builds the same site.
site: $(VENV)/.site-deps
	REBOUND_OFFLINE=$(OFFLINE) REBOUND_FEEDS_BUDGET=$(FEEDS_BUDGET) $(BIN)/python -m rebound.generate
	REBOUND_OFFLINE=1 $(BIN)/mkdocs build --strict --clean
	@echo ""
	@echo "Built the site into $(CURDIR)/site/ (open site/index.html, or run 'make serve' for a"
	@echo "live preview at http://127.0.0.1:8000/rebound/ that rebuilds when you save)."

serve: $(VENV)/.site-deps
	REBOUND_OFFLINE=$(subst auto,1,$(OFFLINE)) $(BIN)/mkdocs serve --livereload --dev-addr 127.0.0.1:8000

# -n auto: one pytest worker per core (pytest-xdist); each builds the site once for its browser tests.
# Branch coverage of the rebound package (in the pytest processes, not the builds they start) is
# reported; it may not fall below 93%, the figure measured on 2026-12-06 before issue 22's changes.
test: $(VENV)/.test-deps
	$(BIN)/python -m pytest -n auto --cov=rebound --cov-branch --cov-report=term:skip-covered --cov-fail-under=93

check: $(VENV)/.site-deps
	$(BIN)/python scripts/check_content.py

feeds: $(VENV)/.site-deps
	$(BIN)/python scripts/refresh_feeds.py

bench: $(VENV)/.test-deps
	$(BIN)/python scripts/bench.py

# Lighthouse 12 and the Nu HTML Checker come from npm (package-lock.json); vnu needs Java.
# --ignore-scripts: vnu-jar's install script would download a Java runtime; we use the system's.
node_modules/.package-lock.json: package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund

audit: $(VENV)/.test-deps node_modules/.package-lock.json site
	$(BIN)/python scripts/audit.py --site site --json audit-report.json

# PNGs of home, a strategy, a worksheet, a niche page and subscribe at 390x844 and 1280x900.
# ARGS="--scheme dark --full-page" for the dark scheme and whole pages.
SHOTS ?= screenshots
screenshots: $(VENV)/.test-deps site
	$(BIN)/python scripts/screenshots.py --site site --out $(SHOTS) $(ARGS)

# make new TYPE=strategy|worksheet|script|guide|niche|event TITLE="..." [STRATEGY=<slug>, for a worksheet]
new: $(VENV)/.site-deps
	$(BIN)/python scripts/new_page.py "$(TYPE)" "$(TITLE)" --strategy "$(STRATEGY)"

# Refresh constraints.txt after changing pyproject.toml ranges.
lock: | $(BIN)/python
	rm -rf .venv-lock && $(PYTHON) -m venv .venv-lock
	.venv-lock/bin/pip install --quiet -e ".[test]"
	(echo '# Exact versions every machine builds and tests with. Regenerate with `make lock`.'; \
	 .venv-lock/bin/pip freeze --exclude-editable | grep -v '^rebound') > constraints.txt
	rm -rf .venv-lock

# Builds the site with the newest Zensical the package index offers (in its own .venv-zensical/) and
# prints what differs from the MkDocs build. A report, not a gate: not part of `make test`.
zensical-check: $(VENV)/.site-deps
	$(BIN)/python scripts/zensical_check.py

clean:
	rm -rf site .cache .rebound-cache .rebound-generated
