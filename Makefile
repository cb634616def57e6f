# SMP Portal: `make run` and `make test` are all a fresh clone needs (Python >= 3.11).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=

.PHONY: run test setup migrate demo worker beat lint format bench fuzz lock clean

$(STAMP): pyproject.toml requirements.lock requirements-dev.lock
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.lock
	touch $(STAMP)

setup: $(STAMP)

migrate: setup
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_starter_taxonomy

demo: migrate
	$(PY) manage.py seed_demo

run: demo
	$(PY) manage.py runserver $(HOST):$(PORT)

test: setup
	$(BIN)/pytest $(PYTEST_ARGS)

worker: migrate
	$(BIN)/celery -A smp_portal worker --loglevel=INFO

beat: migrate
	$(BIN)/celery -A smp_portal beat --loglevel=INFO

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy .

format: setup
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: migrate
	$(PY) bench/run.py

# The API fuzzing of CI (tests/test_api_fuzz.py), at full size: FUZZ_EXAMPLES generated requests
# per operation and schemathesis' boundary values of every parameter, each sent by every role in
# FUZZ_ROLES.
FUZZ_EXAMPLES ?= 100
FUZZ_ROLES ?= anonymous,migrant,government_officer,provider_staff,employer_staff
fuzz: setup
	FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) FUZZ_ROLES=$(FUZZ_ROLES) FUZZ_COVERAGE=1 $(BIN)/pytest -p no:cacheprovider tests/test_api_fuzz.py $(PYTEST_ARGS)

# Re-pin every dependency from pyproject.toml: runtime pins (what the Docker image installs) in
# requirements.lock, development tools on top of them in requirements-dev.lock.
lock:
	rm -rf /tmp/smp-lock-venv && $(PYTHON) -m venv /tmp/smp-lock-venv
	/tmp/smp-lock-venv/bin/pip install --quiet --upgrade pip
	$(PYTHON) -c "import tomllib; p = tomllib.load(open('pyproject.toml', 'rb'))['project']; print('\n'.join(p['dependencies']))" > /tmp/smp-lock-runtime.txt
	$(PYTHON) -c "import tomllib; p = tomllib.load(open('pyproject.toml', 'rb'))['project']; print('\n'.join(p['optional-dependencies']['dev']))" > /tmp/smp-lock-dev.txt
	/tmp/smp-lock-venv/bin/pip install --quiet -r /tmp/smp-lock-runtime.txt
	/tmp/smp-lock-venv/bin/pip freeze > requirements.lock
	/tmp/smp-lock-venv/bin/pip install --quiet -c requirements.lock -r /tmp/smp-lock-dev.txt
	(echo "# Development and test tools, pinned; the runtime pins come from requirements.lock."; \
	 echo "-r requirements.lock"; \
	 /tmp/smp-lock-venv/bin/pip freeze -r requirements.lock | sed '1,/## The following requirements were added by pip freeze:/d') > requirements-dev.lock

clean:
	rm -rf $(VENV) var db.sqlite3 staticfiles .pytest_cache .mypy_cache .ruff_cache
