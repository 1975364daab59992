# The two commands of the README: `make train` (the main job) and `make test` (every test).
# Each creates the virtualenv .venv and installs ctcocr with its pinned stack on first use.
VENV ?= .venv
PYTHON ?= python3
# Datasets are read from ../shared/data when it is there (see README, "Data")
export CTCOCR_DATA ?= $(if $(wildcard ../shared/data),$(abspath ../shared/data),)

.PHONY: setup train test readme site browser
setup: $(VENV)/.installed

$(VENV)/.installed: setup.py settings.ini
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/python -m pip install -q --upgrade pip
	$(VENV)/bin/python -m pip install -q -e ".[dev]"
	touch $@

# Train and evaluate the captcha model, save it to models/captcha, then read five images with it
# (from the shared folder: a demonstration of `ctcocr predict`; the validation readings are printed by `train`)
train: setup
	$(VENV)/bin/ctcocr train captcha --out models/captcha
	$(VENV)/bin/ctcocr predict models/captcha $(wordlist 1,5,$(sort $(wildcard $(CTCOCR_DATA)/captcha_images_v2/*.png)))

test: setup browser
	bash tools/test.sh

# The tutorial site, without Quarto (see tools/build_site.py): open site/index.html
site: setup
	$(VENV)/bin/python tools/build_site.py

# The site's browser tests use Debian's Chromium; as root, install it when it is missing
browser:
	@command -v chromium >/dev/null || [ "$$(id -u)" != 0 ] || \
	  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

readme: setup
	$(VENV)/bin/python tools/readme.py
