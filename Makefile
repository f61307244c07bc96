# Samskabelsesrådgiveren. Two commands matter: `make run` and `make test`.
# Each installs what it needs first (Python 3.10 venv, the Danish spaCy
# pipeline, a trained model when data or config changed).

SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
RASA := $(VENV)/bin/rasa
STAMP := $(VENV)/.installed
SPACY_BASE ?= blank
RASA_PORT ?= 5005
ACTIONS_PORT ?= 5055
# The action server has no authentication: it listens on loopback only, unless
# ACTIONS_HOST says otherwise (e.g. its own network between containers; see docs/deploy.md, "Sikkerhed").
ACTIONS_HOST ?= 127.0.0.1
WEB_PORT ?= 8080
# Where `make run` listens: loopback (this machine only) by default. HOST=0.0.0.0 opens the web chat
# and the assistant to the network, e.g. for course participants' own devices (docs/deploy.md, "Kurser og servere").
HOST ?= 127.0.0.1
# Sanic worker processes of the Rasa server: 2 uses both cores of a 2-core
# machine: more messages per second, a second copy of the model in memory
# (both measured by make bench, see bench/README.md).
WORKERS ?= 1
TRAIN_DATA := data/nlu data/rules
include project.env
MODEL := $(MODEL_FILE)

export SPACY_BASE
# The web chat's origin, which the Rasa server accepts Socket.IO connections from (channels/socketio.py).
export WEB_PORT

# Rasa's HTTP API stays off unless ENABLE_API=1, and then only with a JWT
# secret from the environment (never a token in the query string).
ifeq ($(ENABLE_API),1)
  ifeq ($(strip $(RASA_JWT_SECRET)),)
    $(error ENABLE_API=1 needs RASA_JWT_SECRET in the environment)
  endif
  API_ARGS := --enable-api --jwt-secret "$$RASA_JWT_SECRET" --jwt-method HS256
endif

.PHONY: install nlp train validate lint run actions shell demo test unit purge report teams-package bench eval clean help

help:
	@echo "Samskabelsesrådgiveren – make-mål (variabler sættes foran, fx HOST=0.0.0.0 make run):"
	@echo ""
	@echo "  make run            start assistenten: REST på http://localhost:$(RASA_PORT), webchat på http://localhost:$(WEB_PORT)/"
	@echo "                      HOST=0.0.0.0 make run: deltagerne kan bruge webchatten fra egne enheder"
	@echo "  make shell          chat med assistenten i terminalen (tal vælger knapper, Ctrl-C afslutter)"
	@echo "  make demo           fast demosamtale for undervisere (Enter: næste trin, q: afslut)"
	@echo "  make actions        start kun action-serveren (på $(ACTIONS_HOST):$(ACTIONS_PORT))"
	@echo "  make test           kør alle test (installerer Chromium, PostgreSQL, Redis og nginx første gang)"
	@echo "  make unit           kør kun enhedstestene (hurtigt, ingen servere)"
	@echo "  make validate       tjek regelbasen, Rasas træningsdata og koden (make lint)"
	@echo "  make lint           tjek kodens stil med ruff (ruff format . retter formen)"
	@echo "  make train          træn modellen, hvis data eller konfiguration er ændret"
	@echo "  make nlp            byg den danske spaCy-pipeline"
	@echo "  make install        opret .venv med Python 3.10 og installér pakkerne"
	@echo "  make purge          slet samtaler, der er ældre end RETENTION_DAYS (30) dage"
	@echo "  make report         indsigtsrapport til ejeren: results/report/report.md med diagrammer"
	@echo "  make teams-package  Teams-app til upload: results/teams/samskabelse-teams.zip (kræver TEAMS_APP_ID)"
	@echo "  make bench          mål kvalitet, hastighed og ressourceforbrug (omkring to timer)"
	@echo "  make eval           svarkvalitet set fra lederne: spørgsmål over REST (nogle minutter)"
	@echo "  make clean          slet .build, models og results"
	@echo "  make help           vis denne oversigt"

$(STAMP): pyproject.toml scripts/find_python.sh
	@PYTHON=$$(scripts/find_python.sh) || exit 1; \
	  if [ ! -x $(PY) ]; then echo "Creating $(VENV) with $$PYTHON"; "$$PYTHON" -m venv $(VENV) || exit 1; fi
	@echo "Installing into $(VENV) (first time: a few minutes) ..."
	@$(PY) -m pip install --quiet -e . 2>&1 | grep -v 'is ignored: it is neither a file nor a directory'; \
	  test $${PIPESTATUS[0]} -eq 0
	@touch $(STAMP)

install: $(STAMP)

nlp: install
	@$(PY) -m tools check-nlp
	@if $(PY) -m tools needs-nlp; then $(PY) -m tools build-nlp; fi

train: nlp
	@$(PY) -m tools validate
	@if $(PY) -m tools needs-training || [ ! -f $(MODEL) ]; then \
	  echo "Training, since data or config changed (log: .build/train.log) ..."; \
	  start=$$(date +%s); \
	  if $(RASA) train --config config.yml --domain domain.yml --data $(TRAIN_DATA) \
	      --out models --fixed-model-name samskabelse --force > .build/train.log 2>&1; then \
	    $(PY) -m tools mark-trained; echo "Trained in $$(( $$(date +%s) - start )) s: $(MODEL)"; \
	  else tail -40 .build/train.log; exit 1; fi; \
	else echo "Model is up to date ($(MODEL))."; fi

validate: lint
	$(PY) -m tools validate
	$(PY) scripts/rasa_quiet.py data validate --config config.yml --domain domain.yml --data $(TRAIN_DATA) --fail-on-warnings

actions: install
	SANIC_HOST=$(ACTIONS_HOST) $(RASA) run actions --actions actions --port $(ACTIONS_PORT)

run: train
	@$(PY) -m tools credentials
	@$(PY) -m tools.network check-ports --host $(HOST) $(RASA_PORT)=RASA_PORT $(WEB_PORT)=WEB_PORT
	@$(PY) -m tools.network check-ports --host $(ACTIONS_HOST) $(ACTIONS_PORT)=ACTIONS_PORT
	@mkdir -p data/store
	@$(PY) -m tools purge
	@if [ -z "$$WEBCHAT_ALLOWED_ORIGINS" ]; then \
	    export WEBCHAT_ALLOWED_ORIGINS="$$($(PY) -m tools.network web-origins --host $(HOST) --web-port $(WEB_PORT))"; fi; \
	  SANIC_HOST=$(ACTIONS_HOST) $(RASA) run actions --actions actions --port $(ACTIONS_PORT) & ACT=$$!; \
	  $(PY) -m http.server $(WEB_PORT) --bind $(HOST) --directory web >/dev/null 2>&1 & WEB=$$!; \
	  trap "kill $$ACT $$WEB 2>/dev/null" EXIT INT TERM; \
	  echo ""; \
	  echo "Samskabelsesrådgiveren starter (REST-kanal):"; \
	  for u in $$($(PY) -m tools.network urls --host $(HOST) --port $(RASA_PORT)); do echo "  $$u/webhooks/rest/webhook"; done; \
	  echo "Webchat:"; \
	  for u in $$($(PY) -m tools.network urls --host $(HOST) --port $(WEB_PORT)); do echo "  $$u/"; done; \
	  echo "Skriv til den:  curl -s localhost:$(RASA_PORT)/webhooks/rest/webhook -H 'Content-Type: application/json' -d '{\"sender\":\"mig\",\"message\":\"Hvad er samskabelse?\"}'"; \
	  echo "Eller chat i terminalen: make shell"; \
	  echo ""; \
	  SANIC_WORKERS=$(WORKERS) $(RASA) run --model $(MODEL) --credentials .build/credentials.yml --endpoints endpoints.yml \
	    --interface $(HOST) --port $(RASA_PORT) $(API_ARGS)

# A terminal chat through the REST channel, with its own servers on free ports (tools/shell.py).
# SHELL_ARGS="--url http://127.0.0.1:5005/webhooks/rest/webhook" talks to a running `make run` instead.
shell: train
	@mkdir -p data/store
	@$(PY) -m tools.shell $(SHELL_ARGS)

# Showcase conversation for trainers (script: data/demo.yml), step by step with Enter, against
# the assistant `make run` started; if none runs, it starts one in the background and stops it after.
# DEMO_ARGS="--auto --delay 6" plays it without waiting.
demo: train
	@RASA_PORT=$(RASA_PORT) $(PY) -m tools.demo $(DEMO_ARGS)

purge: install
	$(PY) -m tools purge

# Insight report from the tracker store (default: data/store/tracker.db or TRACKER_DB_URL):
# Markdown and PNG charts in results/report/. REPORT_ARGS="--db postgresql://user@host/db".
report: install
	$(PY) -m tools report $(REPORT_ARGS)

# Lint and format check of all Python code (settings in pyproject.toml); `ruff format .` fixes the form.
lint: install
	$(PY) -m ruff check --quiet .
	$(PY) -m ruff format --check --quiet .

# Every test that needs no trained model and no server (the markers in pyproject.toml). Bytecode is
# written even where the environment turns it off: pytest would otherwise compile and rewrite every
# test module again in each worker, on each run (__pycache__ is ignored by git).
unit: export PYTHONDONTWRITEBYTECODE =
unit: install
	$(PY) -m pytest -q -n auto -m "not model and not server"

# Chromium, PostgreSQL, Redis, nginx and axe-core install in the background while the venv installs and the
# model trains (scripts/install_test_tools.sh); their log is printed when both are done.
test:
	@mkdir -p .build
	@bash scripts/install_test_tools.sh > .build/install-test-tools.log 2>&1 & tools=$$!; \
	  if ! $(MAKE) --no-print-directory train; then wait $$tools; exit 1; fi; \
	  if ! wait $$tools; then cat .build/install-test-tools.log; \
	    echo "Installing the test tools failed (the log above is .build/install-test-tools.log)."; exit 1; fi; \
	  cat .build/install-test-tools.log
	@$(MAKE) --no-print-directory lint
	$(PY) -m pytest -q

# Microsoft Teams app package (manifest.json and two icons) for the bot registered in Azure
# (TEAMS_APP_ID, as channels.teams.TeamsInput in credentials.yml): results/teams/samskabelse-teams.zip.
teams-package: install
	@$(PY) -m tools.teams_package $(TEAMS_ARGS)

# Trains its own models (project config and Rasa's default) in bench/results/work;
# writes bench/results/latest.{json,md} and the table in bench/README.md.
# BENCH_ARGS=--resume continues an interrupted run; BENCH_ARGS="--resume --redo project" measures
# the project's steps again and keeps the rest (the table names what was kept from an earlier commit).
bench: nlp
	$(PY) -m bench $(BENCH_ARGS)

# The development questions (../shared/eval/dev_questions*.yml, or SAMSKABELSE_EVAL_DIR) end to end
# over REST, and the project's own held-out files beside them: results/eval/latest.{json,md}.
# EVAL_ARGS="--parts dev,cases" measures only those parts (of dev, own, retrieval, cases, heldout).
eval: train
	$(PY) -m bench.eval $(EVAL_ARGS)

clean:
	rm -rf .build models results
