PY := .venv/bin/python
DB ?= data/pantauzi.duckdb
PORT ?= 8501
# one upload limit: the uploader's (server.maxUploadSize) and the one loaders.workbook enforces
PANTAUZI_MAX_UPLOAD_MB ?= 20
export PANTAUZI_MAX_UPLOAD_MB
STAMP := .venv/.installed
DEV_STAMP := .venv/.installed-dev
PYTEST := $(PY) -m pytest -q -p no:cacheprovider

.PHONY: run serve test test-fast check demo-db clean-db user

$(STAMP): requirements.txt
	test -x $(PY) || python3 -m venv .venv
	$(PY) -m pip install -q --disable-pip-version-check -r requirements.txt
	touch $(STAMP)

$(DEV_STAMP): requirements.txt requirements-dev.txt | $(STAMP)
	$(PY) -m pip install -q --disable-pip-version-check -r requirements-dev.txt
	touch $(DEV_STAMP)

$(DB): | $(STAMP)
	$(PY) -m loaders build-demo --db $(DB)

demo-db: $(DB)

ifdef PANTAUZI_DATABASE_URL
# PostgreSQL as the shared store (README): the demo goes into it only while it holds no data
run: $(STAMP)
	$(PY) -m loaders build-demo --db "$$PANTAUZI_DATABASE_URL" --if-empty
	$(PY) -m streamlit run dashboard.py --server.port $(PORT) --server.headless true --server.maxUploadSize $(PANTAUZI_MAX_UPLOAD_MB)
else
run: $(STAMP) $(DB)
	PANTAUZI_DB=$(DB) $(PY) -m streamlit run dashboard.py --server.port $(PORT) --server.headless true --server.maxUploadSize $(PANTAUZI_MAX_UPLOAD_MB)
endif

# nginx on 127.0.0.1:$(PROXY_PORT) in front of $(REPLICAS) replicas on one PostgreSQL (PANTAUZI_DATABASE_URL,
# else a local server with its data in data/pg); Ctrl+C stops them all (deploy/README.md)
REPLICAS ?= 2
PROXY_PORT ?= 8080
serve: $(STAMP)
	$(PY) -m deploy --replicas $(REPLICAS) --port $(PROXY_PORT)

# pytest's exit 5 (no test ran) is a failure, not a pass
test: $(DEV_STAMP) $(DB)
	$(PYTEST); rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "pytest ran no test: failing"; exit 1; fi; exit $$rc

# scoring, filters, charts, page data, loaders on built files: no AppTest, no browser, no PostgreSQL
test-fast: $(DEV_STAMP) $(DB)
	$(PYTEST) -m fast; rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "pytest ran no test: failing"; exit 1; fi; exit $$rc

# lint, format, types, import contracts
check: $(DEV_STAMP)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m mypy
	.venv/bin/lint-imports

clean-db:
	rm -f $(DB) $(DB).wal

# make user USERNAME=budi NAME="Budi Santoso" ROLE=evaluator REGION=81.71   (asks for the password)
user: $(STAMP)
	$(PY) -m pantauzi.access add-user --username "$(USERNAME)" --name "$(NAME)" --role "$(ROLE)" \
		$(foreach r,$(REGION),--region $(r)) $(foreach i,$(INSTANSI),--instansi $(i))
