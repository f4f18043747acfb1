# Two entry points for a fresh machine (Python 3.11, CPU):
#   make demo   install everything, generate the synthetic corpus, score the
#               baseline trackers on it and print the table
#   make test   install everything and run the test suite
# GPU users: install their own CUDA torch first and run
#   make install TORCH_SPEC=    (an empty spec keeps the installed torch)
PYTHON ?= python3
PIP = $(PYTHON) -m pip
TORCH_SPEC ?= torch==2.13.0
MMCV_VERSION ?= 2.1.0
DATA ?= data/synthetic_mot
PRESET ?= default

.PHONY: install demo test data

install:
	@if [ -n "$(TORCH_SPEC)" ]; then $(PIP) install "$(TORCH_SPEC)"; fi
	@if $(PYTHON) -c "import mmcv, mmcv.ops; assert mmcv.__version__ == '$(MMCV_VERSION)'" 2>/dev/null; then \
		echo "mmcv $(MMCV_VERSION) with ops already installed"; \
	else \
		$(PIP) install -r requirements/build.txt && \
		MMCV_WITH_OPS=1 $(PIP) install --no-build-isolation mmcv==$(MMCV_VERSION); \
	fi
	$(PIP) install -e . -r requirements/tests.txt

data:
	$(PYTHON) tools/make_synthetic.py $(DATA) --preset $(PRESET) --mot --convert

demo: install data
	$(PYTHON) tools/benchmark_trackers.py \
		configs/sort/sort_public-det_synthetic-test.py \
		configs/bytetrack/bytetrack_public-det_synthetic-test.py \
		configs/ocsort/ocsort_public-det_synthetic-test.py \
		--data-root $(DATA)/

test: install
	$(PYTHON) -m pytest tests
