# Shortcuts; the README's two commands (scripts/demo, scripts/test) need no make.
PY ?= .venv/bin/python

.PHONY: demo test lint audit messages bench bench-engine bench-pipeline clean

demo:            ## set up, run the demo pipeline, serve on 127.0.0.1:8000
	scripts/demo

test:            ## the whole suite against PostgreSQL, Redis and a real Celery worker
	scripts/test

lint:
	.venv/bin/ruff check .

audit:           ## known vulnerabilities in the locked dependencies (needs PyPI's advisory API)
	$(PY) -m pip install -q pip-audit && $(PY) -m pip_audit -r requirements.lock --no-deps --disable-pip --strict

messages:        ## re-extract and compile each app's zh_Hans catalogue
	for app in factory_eval/*/; do \
	  if [ -d "$$app/locale" ]; then (cd $$app && ../../.venv/bin/django-admin makemessages -l zh_Hans -v0 && ../../.venv/bin/django-admin compilemessages -v0); fi; \
	done

bench: bench-engine bench-pipeline  ## print one JSON line per benchmark

bench-engine:
	$(PY) bench/bench_engine.py

bench-pipeline:  ## needs PostgreSQL (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/fe_bench)
	bash -c 'source scripts/lib.sh && ensure_postgres && $(PY) bench/bench_pipeline.py' 2>&1 | grep '^{'

clean:
	rm -rf var out staticfiles .pytest_cache .ruff_cache
