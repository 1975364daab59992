# The two commands of the README: `make train` (the main job) and `make test` (every test).
# Each creates the virtualenv .venv and installs ctcocr with its pinned stack on first use.
VENV ?= .venv
PYTHON ?= python3
# Datasets are read from ../shared/data when it is there (see README, "Data")
export CTCOCR_DATA ?= $(if $(wildcard ../shared/data),$(abspath ../shared/data),)

.PHONY: setup train test readme
setup: $(VENV)/.installed

$(VENV)/.installed: setup.py settings.ini
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/python -m pip install -q --upgrade pip
	$(VENV)/bin/python -m pip install -q -e ".[dev]"
	touch $@

train: setup
	$(VENV)/bin/ctcocr train captcha

test: setup
	bash tools/test.sh

readme: setup
	$(VENV)/bin/python tools/readme.py
