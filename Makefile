# Two entry points for a fresh machine (Python 3.11, CPU):
#   make demo   install everything, generate the synthetic corpus, train the
#               cross-input consistency tracker on its unlabeled train split
#               (~15 min on 2 cores), then score it beside SORT, ByteTrack and
#               OC-SORT on the held-out split and print the table
#   make solo-track-demo
#               install everything, generate labeled synthetic images and
#               held-out synthetic YouTube-VIS videos, train SOLO-Track on
#               the images (~35 min on 2 cores), then score it beside the
#               paper's SOLO baseline (same masks, overlap + category
#               association) and print the table
#   make test   install everything and run the test suite
# GPU users: install their own CUDA torch first and run
#   make install TORCH_SPEC=    (an empty spec keeps the installed torch)
PYTHON ?= python3
PIP = $(PYTHON) -m pip
TORCH_SPEC ?= torch==2.13.0
MMCV_VERSION ?= 2.1.0
DATA ?= data/synthetic_mot
PRESET ?= default

.PHONY: install demo solo-track-demo test data vis-data

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

CI_CONFIG = configs/cross_input/cross-input_visual-spatial_1xb8-2k_synthetic.py
CI_WORK = work_dirs/cross-input_visual-spatial_1xb8-2k_synthetic
CI_CKPT = $(CI_WORK)/iter_2000.pth

$(CI_CKPT):
	$(PYTHON) tools/train.py $(CI_CONFIG) --work-dir $(CI_WORK) \
		--cfg-options train_dataloader.dataset.data_root=$(DATA)/ \
		val_dataloader.dataset.data_root=$(DATA)/

demo: install data $(CI_CKPT)
	$(PYTHON) tools/benchmark_trackers.py \
		configs/sort/sort_public-det_synthetic-test.py \
		configs/bytetrack/bytetrack_public-det_synthetic-test.py \
		configs/ocsort/ocsort_public-det_synthetic-test.py \
		$(CI_CONFIG) \
		configs/cross_input/cross-input_spatial-only_1xb8-2k_synthetic.py \
		--checkpoint cross-input_visual-spatial_1xb8-2k_synthetic=$(CI_CKPT) \
		cross-input_spatial-only_1xb8-2k_synthetic=$(CI_CKPT) \
		--data-root $(DATA)/

VIS_DATA ?= data/synthetic_vis
ST_NAME = solo-track_r18_fpn_1xb2-10k_synthetic
ST_POST = solo-track_r18_fpn_post-process_synthetic
ST_BASELINE = solo-track_r18_fpn_spatial-category-baseline_synthetic
ST_EMBED = solo-track_r18_fpn_spatial-category-embedding_synthetic
ST_WORK = work_dirs/$(ST_NAME)
ST_CKPT = $(ST_WORK)/iter_10000.pth

# 1000 labeled images (seed 0) for training; 10 held-out videos (seed 1000)
vis-data:
	$(PYTHON) tools/make_synthetic.py $(VIS_DATA) --preset vis \
		--coco-images 1000 --vis-videos 10

$(ST_CKPT):
	$(PYTHON) tools/train.py configs/solo_track/$(ST_NAME).py \
		--work-dir $(ST_WORK) \
		--cfg-options train_dataloader.dataset.data_root=$(VIS_DATA)/ \
		val_dataloader.dataset.data_root=$(VIS_DATA)/

solo-track-demo: install vis-data $(ST_CKPT)
	$(PYTHON) tools/benchmark_trackers.py \
		configs/solo_track/$(ST_NAME).py \
		configs/solo_track/$(ST_POST).py \
		configs/solo_track/$(ST_EMBED).py \
		configs/solo_track/$(ST_BASELINE).py \
		--checkpoint $(ST_NAME)=$(ST_CKPT) $(ST_POST)=$(ST_CKPT) \
		$(ST_EMBED)=$(ST_CKPT) $(ST_BASELINE)=$(ST_CKPT) \
		--data-root $(VIS_DATA)/ --oracle-ids

test: install
	$(PYTHON) -m pytest tests
