# The two commands a newcomer needs: `make run` and `make test`.
# Everything else (the virtual environment, its packages) is built on first use.
PYTHON ?= python3
VENV := .venv
STAMP := $(VENV)/.installed

.PHONY: run test openapi lint clean

run: $(STAMP)
	$(VENV)/bin/dateline serve

test: $(STAMP)
	$(VENV)/bin/pytest $(PYTEST_ARGS)

openapi: $(STAMP)
	$(VENV)/bin/dateline openapi > openapi/openapi.json

$(STAMP): pyproject.toml
	test -x $(VENV)/bin/python || $(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -e '.[test]'
	touch $(STAMP)

clean:
	rm -rf $(VENV) .pytest_cache
