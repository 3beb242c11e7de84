# Shortcuts; the README's two commands (scripts/demo, scripts/test) need no make.
PY ?= .venv/bin/python

.PHONY: demo test lint lock audit messages bench bench-engine bench-pipeline bench-certificates loadtest clean

demo:            ## set up, run the demo pipeline, serve on 127.0.0.1:8000
	scripts/demo

test:            ## the whole suite against PostgreSQL, Redis and a real Celery worker
	scripts/test

lint:
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .

lock:            ## re-resolve requirements.lock (runtime) and requirements-dev.lock (runtime + tools), with hashes
	$(PY) -m piptools compile -q --generate-hashes --strip-extras --allow-unsafe -c requirements.lock -o requirements.lock pyproject.toml
	$(PY) -m piptools compile -q --generate-hashes --strip-extras --allow-unsafe --extra dev -c requirements.lock -o requirements-dev.lock pyproject.toml

audit:           ## known vulnerabilities in the locked dependencies (needs PyPI's advisory API)
	$(PY) -m pip install -q pip-audit && $(PY) -m pip_audit -r requirements.lock --no-deps --disable-pip --strict

messages:        ## re-extract each app's zh_Hans catalogue and the top-level templates', sorted by msgid without locations (merges stay clean), then compile
	for app in factory_eval/*/; do \
	  if [ -d "$$app/locale/zh_Hans" ]; then (cd $$app && ../../.venv/bin/django-admin makemessages -l zh_Hans -v0 --no-location); fi; \
	done
	$(PY) manage.py makemessages -l zh_Hans -v0 --no-location --ignore 'factory_eval/*' --ignore 'tests/*' \
	  --ignore '.venv*' --ignore 'bench/*' --ignore 'scripts/*' --ignore 'deploy/*' --ignore 'var/*' \
	  --ignore 'staticfiles/*' --ignore 'fixtures/*' --ignore 'criteria/*' --ignore 'docs/*'
	for po in factory_eval/locale/zh_Hans/LC_MESSAGES/django.po factory_eval/*/locale/zh_Hans/LC_MESSAGES/django.po; do \
	  msgcat --sort-output --no-location --no-wrap -o "$$po.sorted" "$$po" && mv "$$po.sorted" "$$po"; \
	done
	bash -c 'source scripts/lib.sh && export PATH=$(CURDIR)/.venv/bin:$$PATH && compile_messages'

bench: bench-engine bench-pipeline bench-certificates  ## print one JSON line per benchmark

bench-engine:
	$(PY) bench/bench_engine.py

bench-pipeline:  ## needs PostgreSQL (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/fe_bench)
	bash -c 'source scripts/lib.sh && ensure_postgres && $(PY) bench/bench_pipeline.py' 2>&1 | grep '^{'

bench-certificates:  ## median render vs a minimal WeasyPrint page; 500 through the workers
	$(PY) bench/bench_certificates.py
	bash -c 'source scripts/lib.sh && ensure_postgres && ensure_redis && $(PY) bench/bench_certificates.py --through-workers 500 --start-worker' 2>&1 | grep '^{'

loadtest:        ## 50 API users for 60 s against gunicorn (2 workers) on PostgreSQL
	bash -c 'source scripts/lib.sh && ensure_postgres && ensure_redis && $(PY) bench/loadtest.py' 2>&1 | grep '^{'

clean:
	rm -rf var out staticfiles .pytest_cache .ruff_cache
