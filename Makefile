# The README's two commands: `make run` and `make test`. Both install what they need.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)
APT    := DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: install system-deps browser messages run dev test test-postgres e2e bench bench-burst bench-load bench-throughput bench-national lint clean

install: $(STAMP) node_modules/.package-lock.json messages

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q ".[dev]"
	rm -f $(VENV)/.installed-*
	touch $@

# Front-end packages from the npm registry (the H5P player). h5p-standalone's own install
# script only enforces its authors' package manager, so scripts are skipped.
node_modules/.package-lock.json: package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error

# gettext compiles the translation catalogues; espeak-ng speaks, ffmpeg encodes audio and video;
# redis-server carries the production task queue in its test; DejaVu Sans draws the demo's
# phone screens and the lesson videos' text cards (it has every Vietnamese letter); WeasyPrint
# lays out certificates, pocket guides and posters with Pango.
PANGO := /usr/lib/$(shell uname -m)-linux-gnu/libpangoft2-1.0.so.0
system-deps:
	@command -v msgfmt >/dev/null && command -v espeak-ng >/dev/null && command -v ffmpeg >/dev/null \
	  && command -v redis-server >/dev/null && test -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf \
	  && test -f $(PANGO) \
	  || ($(SUDO) apt-get update -qq && $(SUDO) $(APT) gettext espeak-ng ffmpeg redis-server \
	       fonts-dejavu-core libpango-1.0-0 libpangoft2-1.0-0)

# Debian's Chromium drives the browser tests (Playwright cannot download browsers here);
# zbarimg reads the QR codes printed on login sheets.
browser:
	@command -v chromium >/dev/null && command -v zbarimg >/dev/null \
	  || ($(SUDO) apt-get update -qq && $(SUDO) $(APT) chromium zbar-tools)

messages: system-deps $(STAMP)
	$(PY) manage.py compilemessages --ignore=.venv -v 0

# The embedded default as a commune's machine runs it: gunicorn (threads sized for 2 cores,
# static files by whitenoise, no autoreload) and one task worker for every queue (province
# reports first); both stop together. HOST=0.0.0.0 serves the village's network.
HOST ?= 127.0.0.1
PORT ?= 8000
run: install
	$(PY) manage.py migrate --no-input -v 0
	$(PY) manage.py seed_demo
	$(PY) manage.py collectstatic --no-input -v 0
	$(PY) manage.py task_worker --queue-name '*' --interval 5 -v 0 & w=$$!; \
	trap 'kill $$w' EXIT INT TERM; \
	DJANGO_SETTINGS_MODULE=$${DJANGO_SETTINGS_MODULE:-cms.settings.dev} DEBUG=false SERVE_MEDIA=true \
	  $(VENV)/bin/gunicorn cms.wsgi -b $(HOST):$(PORT) \
	  -w 2 -k gthread --threads 8 --timeout 120 --access-logfile -

# For developers: Django's development server (reloads on changes) and a reloading worker.
dev: install
	$(PY) manage.py migrate --no-input -v 0
	$(PY) manage.py seed_demo
	$(PY) manage.py db_worker --queue-name '*' & w=$$!; \
	trap 'kill $$w' EXIT INT TERM; $(PY) manage.py runserver $(HOST):$(PORT)

# The editor's walk through the admin needs the rights Wagtail's migrations grant, which the
# database flushes between browser tests remove: it runs first, in a process of its own.
test: install browser
	$(PY) -m pytest -q tests/e2e/test_editor_admin_vi.py
	$(PY) -m pytest --deselect tests/e2e/test_editor_admin_vi.py

# The integration tests again on a real PostgreSQL (Debian's package), started and stopped here:
# the production database path is tested on every change.
PG_DIR ?= /tmp/nhaso-test-services
test-postgres: install
	scripts/local-services.sh start $(PG_DIR) 5433 6380 >/dev/null
	DATABASE_URL=postgres://postgres@127.0.0.1:5433/nhaso NHASO_TEST_REDIS_URL=redis://127.0.0.1:6380/2 \
	  $(PY) -m pytest --ignore=tests/e2e -q; \
	status=$$?; scripts/local-services.sh stop $(PG_DIR); exit $$status

e2e: install browser
	$(PY) -m pytest -q tests/e2e/test_editor_admin_vi.py
	$(PY) -m pytest tests/e2e --deselect tests/e2e/test_editor_admin_vi.py

bench: install
	$(PY) -m pip install -q ".[bench]"
	$(PY) tests/bench/lesson_page.py
	$(PY) tests/bench/narration.py
	$(PY) tests/bench/households.py
	$(PY) tests/bench/lesson_pictures.py
	$(PY) tests/bench/lesson_video.py
	$(PY) tests/bench/paper.py

# A class sending the one-page quiz at once: SQLite as `make run` serves it (N = 15, 50, 200),
# then PostgreSQL and Redis (N = 200, 500); and the idle CPU of the `make run` stack.
bench-burst: install
	$(PY) tests/bench/burst.py

# gunicorn on PostgreSQL and Redis, driven by locust at 200 and 500 users, learners with and
# without script (about 6 minutes).
bench-load: install
	$(PY) -m pip install -q ".[bench]"
	$(PY) tests/bench/load.py

# Pages per second: gunicorn -w 2 on SQLite, driven by wrk, against a stock Wagtail page (about
# 5 minutes); and the national-size coverage benchmark on a throwaway PostgreSQL (0.3, 1 and 3
# million households; about 25 minutes).
bench-throughput: install
	@command -v wrk >/dev/null || ($(SUDO) apt-get update -qq && $(SUDO) $(APT) wrk)
	$(PY) tests/bench/throughput.py
bench-national: install
	$(PY) tests/bench/national.py

# Style, then the layer contracts in pyproject.toml ([tool.importlinter]).
lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports --no-cache

clean:
	rm -rf $(VENV) var node_modules
