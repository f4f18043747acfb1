# Two entry points for a fresh machine (Python 3.11, CPU):
#   make demo   install everything, generate the synthetic corpus, train the
#               cross-input consistency tracker on its unlabeled train split
#               (~15 min on 2 cores), then score it beside SORT, ByteTrack and
#               OC-SORT on the held-out split and print the table
#   make cross-input-table1
#               also train the occlusion-hiding tracker (~25 min) and print
#               the paper's Table 1 rows (visual-spatial, occlusion,
#               spatial-only) beside SORT, ByteTrack and OC-SORT
#   make cross-input-seeds
#               the cross-input rows of docs/cross_input/experiments.md: 3
#               training seeds (~35 min in parallel: OMP_NUM_THREADS=1
#               make -j3 cross-input-seeds), the
#               visual-spatial, spatial-only and tentative-track trackers
#               beside ByteTrack and OC-SORT on held-out, fresh, hard and
#               unseen-motion sets; make cross-input-sweep shows how the
#               tracker's rules were chosen on the tuning split;
#               make cross-input-speed measures association FPS
#   make solo-track-demo
#               install everything, generate labeled synthetic images and
#               held-out synthetic YouTube-VIS videos, train SOLO-Track on
#               the images (~35 min on 2 cores), then score it beside the
#               paper's SOLO baseline (same masks, overlap + category
#               association) and print the table
#   make solo-track-seeds
#               the SOLO-Track tables of docs/solo_track/experiments.md: every
#               trained row as mean ± std over 3 seeds on four video sets
#               (~4 h on 2 cores)
#   make solo-track-cycle
#               SOLO-Track from unlabeled video (Sec. 3.4-3.5): each seed's
#               IC + ME model trained 2k more iterations with clips of
#               unlabeled synthetic videos (cycle-consistency loss) and,
#               as its control, without them; Table 1/3 rows with and
#               without test-time adaptation, mean ± std over 3 seeds on
#               held-out and fresh sets, and the cost table (~3 h on 2 cores)
#   make pose-track-demo
#               synthetic pose images and videos; train the pose model with
#               the keypoint embedding on the images; PoseTrack MOTA of the
#               embedding tracker beside the OKS-only baseline
#   make pose-track-seeds
#               the pose table of docs/pose_track/experiments.md: 3 training
#               seeds, both trackers on tuning, held-out and fresh videos
#               (~2.5 h on 2 cores); make pose-track-sweep shows how the
#               thresholds were chosen
#   make video-demo
#               install everything, fetch OpenCV's sample pedestrian video
#               (Debian's opencv-doc), train the cross-input tracker on it
#               without labels (HOG detections, ~25 min on 2 cores), track
#               it with ByteTrack and with the trained tracker; videos and
#               videos in work_dirs/video_demo/, the README's pictures in
#               docs/images/
#   make footage-hog
#               real pedestrian footage with ground truth (../shared/data/tud,
#               read there, never copied): tools/track_video.py's default
#               HOG detections, SORT, ByteTrack, OC-SORT and the cross-input
#               tracker trained on those videos without labels (3 seeds,
#               ~25 min each on 2 cores), HOTA/MOTA/IDF1 and detection FPS;
#               make footage-public does the same on the set's public
#               detections
#   make association-headroom
#               every tracker's own boxes given ground-truth identities:
#               how much any association could still gain, on the four
#               synthetic sets and TUD
#   make test   install everything and run the test suite
# GPU users: install their own CUDA torch first and run
#   make install TORCH_SPEC=    (an empty spec keeps the installed torch)
PYTHON ?= python3
PIP = $(PYTHON) -m pip
TORCH_SPEC ?= torch==2.13.0
MMCV_VERSION ?= 2.1.0
DATA ?= data/synthetic_mot
PRESET ?= default

.PHONY: install demo cross-input-table1 solo-track-demo video-demo test data \
	vis-data vis-eval-sets solo-track-seeds pose-data pose-track-demo \
	vis-unlabeled-data solo-track-cycle pose-eval-sets pose-track-sweep \
	pose-track-seeds mot-eval-sets cross-input-sweep cross-input-seeds \
	cross-input-speed cross-input-fused-sweep cross-input-occlusion-seeds \
	crop-embedding-sweep crop-embedding-seeds crop-embedding-veto \
	solo-track-cycle-frames solo-track-ic-only \
	solo-baseline-seeds solo-track-detached solo-track-detached-cycle \
	footage-hog footage-public footage-public-crop-embedding \
	association-headroom

install:
	@if [ -n "$(TORCH_SPEC)" ]; then $(PIP) install "$(TORCH_SPEC)"; fi
	@if $(PYTHON) -c "import mmcv, mmcv.ops; assert mmcv.__version__ == '$(MMCV_VERSION)'" 2>/dev/null; then \
		echo "mmcv $(MMCV_VERSION) with ops already installed"; \
	else \
		$(PIP) install -r requirements/build.txt && \
		MMCV_WITH_OPS=1 $(PIP) install --no-build-isolation mmcv==$(MMCV_VERSION); \
	fi
	$(PIP) install -e . -r requirements/tests.txt
	$(PIP) install --no-deps -r requirements/pose.txt
	@if $(PYTHON) -c "import xtcocotools.coco" 2>/dev/null; then \
		echo "xtcocotools already installed"; \
	else \
		$(PIP) install "cython>=3" && \
		$(PIP) install --no-deps --no-binary xtcocotools \
			--no-build-isolation xtcocotools==1.14.3; \
	fi
	$(PYTHON) -c "import mmpose.models, mmpose.datasets, mmpose.evaluation"

data:
	$(PYTHON) tools/make_synthetic.py $(DATA) --overwrite --preset $(PRESET) --mot --convert

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

# Table 1 of the paper on the synthetic held-out split: the three hiding
# rows (visual-spatial, occlusion, spatial-only) beside the heuristic peers
OCC_CONFIG = configs/cross_input/cross-input_occlusion_1xb8-2k_synthetic.py
OCC_WORK = work_dirs/cross-input_occlusion_1xb8-2k_synthetic
OCC_CKPT = $(OCC_WORK)/iter_2000.pth

$(OCC_CKPT):
	$(PYTHON) tools/train.py $(OCC_CONFIG) --work-dir $(OCC_WORK) \
		--cfg-options train_dataloader.dataset.data_root=$(DATA)/ \
		val_dataloader.dataset.data_root=$(DATA)/

cross-input-table1: install data $(CI_CKPT) $(OCC_CKPT)
	$(PYTHON) tools/benchmark_trackers.py \
		configs/sort/sort_public-det_synthetic-test.py \
		configs/bytetrack/bytetrack_public-det_synthetic-test.py \
		configs/ocsort/ocsort_public-det_synthetic-test.py \
		$(CI_CONFIG) $(OCC_CONFIG) \
		configs/cross_input/cross-input_spatial-only_1xb8-2k_synthetic.py \
		--checkpoint cross-input_visual-spatial_1xb8-2k_synthetic=$(CI_CKPT) \
		cross-input_occlusion_1xb8-2k_synthetic=$(OCC_CKPT) \
		cross-input_spatial-only_1xb8-2k_synthetic=$(CI_CKPT) \
		--data-root $(DATA)/

# Issue 14's evaluation sets for the cross-input tracker, all made with
# --train-seqs 0 (test videos only; the model trains on $(DATA)'s train
# split): a tuning split for inference settings (seed 2000), then, after
# the settings were frozen (MOT_SETS), fresh default-preset videos (seed 7000), the
# harder preset (more objects, crossings and occlusions, faster; seed 8000)
# and the motion preset it never trains on (groups, stops, perspective,
# 12 fps; seed 9000)
MOT_SETS = $(DATA) data/synthetic_mot_fresh7000 data/synthetic_mot_hard8000 \
	data/synthetic_mot_motion9000
MOT_SEEDS ?= 0 1 2
CI_TUNE = --data-root data/synthetic_mot_tune2000/

mot-eval-sets: data
	$(PYTHON) tools/make_synthetic.py data/synthetic_mot_tune2000 --overwrite --mot \
		--convert --train-seqs 0 --test-seqs 8 --test-seed 2000
	$(PYTHON) tools/make_synthetic.py data/synthetic_mot_fresh7000 --overwrite --mot \
		--convert --train-seqs 0 --test-seqs 8 --test-seed 7000
	$(PYTHON) tools/make_synthetic.py data/synthetic_mot_hard8000 --overwrite --mot \
		--convert --train-seqs 0 --test-seqs 8 --test-seed 8000 --preset hard
	$(PYTHON) tools/make_synthetic.py data/synthetic_mot_motion9000 --overwrite --mot \
		--convert --train-seqs 0 --test-seqs 8 --test-seed 9000 --preset motion

# The visual-spatial tracker trained with each seed (no labels read)
CI_SEEDS_WORK = work_dirs/seeds_vs
CI_SEED_CKPTS = $(foreach s,$(MOT_SEEDS),$(CI_SEEDS_WORK)/cross-input_visual-spatial_1xb8-2k_synthetic_seed$(s)/iter_2000.pth)

$(CI_SEEDS_WORK)/cross-input_visual-spatial_1xb8-2k_synthetic_seed%/iter_2000.pth: | install data
	$(PYTHON) tools/train.py $(CI_CONFIG) --work-dir $(dir $@) \
		--cfg-options randomness.seed=$* \
		train_dataloader.dataset.data_root=$(DATA)/ \
		val_dataloader.dataset.data_root=$(DATA)/

CI_SPATIAL = configs/cross_input/cross-input_spatial-only_1xb8-2k_synthetic.py
CI_TENTATIVE = configs/cross_input/cross-input_visual-spatial-tentative_1xb8-2k_synthetic.py
CI_TUNE_SEEDS ?= 0 1
# NAME=CHECKPOINT of seed $(2)'s weights for config $(1)
ci_ckpt_of = $(basename $(notdir $(1)))=$(CI_SEEDS_WORK)/cross-input_visual-spatial_1xb8-2k_synthetic_seed$(2)/iter_2000.pth

# How the inference rules were chosen: every seed's weights, tuning split
# only (docs/cross_input/experiments.md, "Inference rules")
cross-input-sweep: install mot-eval-sets $(CI_SEED_CKPTS)
	# 1. birth, tentative tracks and rejected matches
	for s in $(CI_TUNE_SEEDS); do $(BENCH) $(CI_CONFIG) $(CI_TUNE) \
		--checkpoint $(call ci_ckpt_of,$(CI_CONFIG),$$s) \
		--sweep model.tracker.num_tentatives=0,3 \
		model.tracker.init_track_thr=0.6,0.7 \
		model.tracker.match_prob_thr=0.0,0.1 || exit 1; done
	# 2. with the best of 1 (num_tentatives=3, init_track_thr=0.7): how
	# long lost tracks are kept and which detections are read, for the
	# visual-spatial and the spatial-only tracker
	for s in $(CI_TUNE_SEEDS); do $(BENCH) $(CI_CONFIG) $(CI_SPATIAL) $(CI_TUNE) \
		--checkpoint $(call ci_ckpt_of,$(CI_CONFIG),$$s) \
		$(call ci_ckpt_of,$(CI_SPATIAL),$$s) \
		--cfg-options model.tracker.num_tentatives=3 \
		model.tracker.init_track_thr=0.7 \
		--sweep model.tracker.num_frames_retain=10,30,60 \
		model.tracker.det_score_thr=0.3,0.5 || exit 1; done
	# 3. the chosen rules with 1, 3 or 10 earlier crops averaged per
	# track (the paper's 5 is in 2)
	for s in $(CI_TUNE_SEEDS); do $(BENCH) $(CI_TENTATIVE) $(CI_TUNE) \
		--checkpoint $(call ci_ckpt_of,$(CI_TENTATIVE),$$s) \
		--sweep model.tracker.num_visual_samples=1,3,10 || exit 1; done

# How the fused tracker's cue was chosen (issue 33): every tuning seed's
# weights, tuning split only; ByteTrack beside it (cue_weight=0 is ByteTrack)
CI_FUSED = configs/cross_input/cross-input_fused-bytetrack_1xb8-2k_synthetic.py
cross-input-fused-sweep: install mot-eval-sets $(CI_SEED_CKPTS)
	$(BENCH) configs/bytetrack/bytetrack_public-det_synthetic-test.py $(CI_TUNE)
	for s in $(CI_TUNE_SEEDS); do $(BENCH) $(CI_FUSED) $(CI_TUNE) \
		--checkpoint $(call ci_ckpt_of,$(CI_FUSED),$$s) \
		--sweep model.tracker.cue=visual_spatial,visual_only,spatial_only \
		model.tracker.cue_weight=0.25,0.5,0.75 || exit 1; done
	# where the cue changes ByteTrack's decisions and who is right there
	# (ground truth read for this analysis only), seed 0's weights
	$(PYTHON) tools/analysis_tools/cue_decisions.py $(CI_FUSED) $(CI_TUNE) \
		--checkpoint $(call ci_ckpt_of,$(CI_FUSED),0) \
		--sweep model.tracker.cue=visual_only,spatial_only,visual_spatial \
		model.tracker.cue_weight=0.25,0.75

# Table 1's visual-spatial and spatial-only rows, the tentative-rules row
# and the fused tracker, 3 training seeds, on the held-out split and the fresh, hard and
# motion sets, beside ByteTrack and OC-SORT
cross-input-seeds: install mot-eval-sets $(CI_SEED_CKPTS)
	$(SEEDS) $(CI_CONFIG) --work-dir $(CI_SEEDS_WORK) --seeds $(MOT_SEEDS) \
		--also $(CI_SPATIAL) $(CI_TENTATIVE) $(CI_FUSED) \
		--peers configs/bytetrack/bytetrack_public-det_synthetic-test.py \
		configs/ocsort/ocsort_public-det_synthetic-test.py \
		--data-root $(DATA)/ --eval-data-roots $(addsuffix /,$(MOT_SETS))

# The crop-embedding fused tracker (issue 33): paper B's IC, ME and cycle
# losses on the clips' crops (no labels), inside ByteTrack. Each seed
# trained as the visual-spatial ones; the cue's weight and temperature are
# chosen on the tuning split (seeds of CI_TUNE_SEEDS), then every set is
# scored with the chosen values, beside ByteTrack and OC-SORT
CE_CONFIG = configs/crop_embedding/crop-embedding_fused-bytetrack_1xb8-2k_synthetic.py
CE_NAME = crop-embedding_fused-bytetrack_1xb8-2k_synthetic
# the same weights read by OC-SORT (FusedOCSORTTracker)
CE_OCSORT = configs/crop_embedding/crop-embedding_fused-ocsort_1xb8-2k_synthetic.py
CE_SEEDS_WORK = work_dirs/seeds_ce
CE_SEED_CKPTS = $(foreach s,$(MOT_SEEDS),$(CE_SEEDS_WORK)/$(CE_NAME)_seed$(s)/iter_2000.pth)

$(CE_SEEDS_WORK)/$(CE_NAME)_seed%/iter_2000.pth: | install data
	$(PYTHON) tools/train.py $(CE_CONFIG) --work-dir $(dir $@) \
		--cfg-options randomness.seed=$* \
		train_dataloader.dataset.data_root=$(DATA)/ \
		val_dataloader.dataset.data_root=$(DATA)/

crop-embedding-sweep: install mot-eval-sets $(CE_SEED_CKPTS)
	# why: how often the embedding's dot product, its cosine, IoU and the
	# crops' mean colour pick the same object k frames later (ground truth
	# read for this analysis only); the cosine was chosen from it
	for s in $(CI_TUNE_SEEDS); do $(PYTHON) \
		tools/analysis_tools/embedding_identity.py $(CE_CONFIG) $(CI_TUNE) \
		--checkpoint $(CE_SEEDS_WORK)/$(CE_NAME)_seed$$s/iter_2000.pth \
		|| exit 1; done
	$(BENCH) configs/bytetrack/bytetrack_public-det_synthetic-test.py \
		configs/ocsort/ocsort_public-det_synthetic-test.py $(CI_TUNE)
	# the cue's weight and the re-identification threshold, both trackers
	for s in $(CI_TUNE_SEEDS); do for t in $(CE_CONFIG) $(CE_OCSORT); do \
	$(BENCH) $$t $(CI_TUNE) \
		--checkpoint $$(basename $$t .py)=$(CE_SEEDS_WORK)/$(CE_NAME)_seed$$s/iter_2000.pth \
		--cfg-options model.tracker.embed_similarity=cosine \
		model.tracker.embed_temperature=0.05 model.tracker.veto_margin=None \
		--sweep model.tracker.cue_weight=0.25,0.5 \
		model.tracker.reid_cosine_thr=None,0.97,0.98,0.99 || exit 1; \
	done; done
	# seed 0: the temperature, and where the cue (re-identification off)
	# changes ByteTrack's decisions and who is right there
	$(BENCH) $(CE_CONFIG) $(CI_TUNE) \
		--checkpoint $(CE_NAME)=$(CE_SEEDS_WORK)/$(CE_NAME)_seed0/iter_2000.pth \
		--cfg-options model.tracker.reid_cosine_thr=None \
		model.tracker.veto_margin=None \
		--sweep model.tracker.embed_temperature=0.02,0.05 \
		model.tracker.cue_weight=0.25,0.75
	$(PYTHON) tools/analysis_tools/cue_decisions.py $(CE_CONFIG) $(CI_TUNE) \
		--checkpoint $(CE_NAME)=$(CE_SEEDS_WORK)/$(CE_NAME)_seed0/iter_2000.pth \
		--cfg-options model.tracker.reid_cosine_thr=None \
		model.tracker.veto_margin=None \
		--sweep model.tracker.cue_weight=0.25,0.75
	# the appearance veto's margin (the settings above fixed; rule: the
	# largest margin whose mean HOTA and IDF1 stay within 0.1 of no veto)
	for s in $(CI_TUNE_SEEDS); do $(BENCH) $(CE_CONFIG) $(CE_OCSORT) $(CI_TUNE) \
		--checkpoint $(CE_NAME)=$(CE_SEEDS_WORK)/$(CE_NAME)_seed$$s/iter_2000.pth \
		$(basename $(notdir $(CE_OCSORT)))=$(CE_SEEDS_WORK)/$(CE_NAME)_seed$$s/iter_2000.pth \
		--sweep model.tracker.veto_margin=None,0,0.25,0.5 || exit 1; done

crop-embedding-seeds: install mot-eval-sets $(CE_SEED_CKPTS)
	$(SEEDS) $(CE_CONFIG) --also $(CE_OCSORT) --work-dir $(CE_SEEDS_WORK) \
		--seeds $(MOT_SEEDS) \
		--peers configs/bytetrack/bytetrack_public-det_synthetic-test.py \
		configs/ocsort/ocsort_public-det_synthetic-test.py \
		--data-root $(DATA)/ --eval-data-roots $(addsuffix /,$(MOT_SETS))

# Table 1's occlusion row, 3 training seeds (~25 min each on 2 cores),
# on the held-out split beside ByteTrack and OC-SORT, in one command
cross-input-occlusion-seeds: install data
	$(SEEDS) $(OCC_CONFIG) --peers \
		configs/bytetrack/bytetrack_public-det_synthetic-test.py \
		configs/ocsort/ocsort_public-det_synthetic-test.py \
		--seeds $(MOT_SEEDS) --data-root $(DATA)/ --work-dir work_dirs/seeds_occ \
		--reuse-scores

# Association FPS beside the peers, seed 0's weights, held-out split (run
# it alone: the FPS is wall time inside tracker.track); then the visual-
# spatial tracker with 1 and 2 intra-op threads
CI_SEED0 = $(call ci_ckpt_of,$(1),0)
cross-input-speed: install data $(CI_SEEDS_WORK)/cross-input_visual-spatial_1xb8-2k_synthetic_seed0/iter_2000.pth \
		$(CE_SEEDS_WORK)/$(CE_NAME)_seed0/iter_2000.pth
	$(BENCH) configs/bytetrack/bytetrack_public-det_synthetic-test.py \
		configs/ocsort/ocsort_public-det_synthetic-test.py \
		$(CI_CONFIG) $(CI_TENTATIVE) $(CI_SPATIAL) $(CI_FUSED) \
		$(CE_CONFIG) $(CE_OCSORT) \
		--data-root $(DATA)/ --checkpoint $(call CI_SEED0,$(CI_CONFIG)) \
		$(call CI_SEED0,$(CI_TENTATIVE)) $(call CI_SEED0,$(CI_SPATIAL)) \
		$(call CI_SEED0,$(CI_FUSED)) \
		$(CE_NAME)=$(CE_SEEDS_WORK)/$(CE_NAME)_seed0/iter_2000.pth \
		$(basename $(notdir $(CE_OCSORT)))=$(CE_SEEDS_WORK)/$(CE_NAME)_seed0/iter_2000.pth
	$(BENCH) $(CI_CONFIG) $(CE_CONFIG) --data-root $(DATA)/ \
		--checkpoint $(call CI_SEED0,$(CI_CONFIG)) \
		$(CE_NAME)=$(CE_SEEDS_WORK)/$(CE_NAME)_seed0/iter_2000.pth \
		--sweep model.tracker.num_threads=1,2
	# the crop CNN alone, 10 crops (one frame's detections): default and
	# channels-last layout, and bfloat16 autocast (not used by any config)
	$(PYTHON) tools/analysis_tools/crop_cnn_speed.py --crops 10 --bf16

VIS_DATA ?= data/synthetic_vis
ST_NAME = solo-track_r18_fpn_1xb2-10k_synthetic
ST_POST = solo-track_r18_fpn_post-process_synthetic
ST_BASELINE = solo-track_r18_fpn_spatial-category-baseline_synthetic
ST_EMBED = solo-track_r18_fpn_spatial-category-embedding_synthetic
ST_RENORM = solo-track_r18_fpn_renormalised-me_1xb2-10k_synthetic
ST_IC = solo-track_r18_fpn_ic-only_1xb2-10k_synthetic
ST_DETACH = solo-track_r18_fpn_detached-embedding_1xb2-10k_synthetic
SOLO_BASELINE = solo_r18_fpn_spatial-category_1xb2-10k_synthetic
ST_WORK = work_dirs/$(ST_NAME)
ST_CKPT = $(ST_WORK)/iter_10000.pth

# 1000 labeled images (seed 0) for training; 10 held-out videos (seed 1000)
vis-data:
	$(PYTHON) tools/make_synthetic.py $(VIS_DATA) --overwrite --preset vis \
		--coco-images 1000 --vis-videos 10

$(ST_CKPT):
	$(PYTHON) tools/train.py configs/solo_track/$(ST_NAME).py \
		--work-dir $(ST_WORK) \
		--cfg-options train_dataloader.dataset.data_root=$(VIS_DATA)/coco/ \
		val_dataloader.dataset.data_root=$(VIS_DATA)/youtube_vis_2019/

solo-track-demo: install vis-data $(ST_CKPT)
	$(PYTHON) tools/benchmark_trackers.py \
		configs/solo_track/$(ST_NAME).py \
		configs/solo_track/$(ST_POST).py \
		configs/solo_track/$(ST_EMBED).py \
		configs/solo_track/$(ST_BASELINE).py \
		--checkpoint $(ST_NAME)=$(ST_CKPT) $(ST_POST)=$(ST_CKPT) \
		$(ST_EMBED)=$(ST_CKPT) $(ST_BASELINE)=$(ST_CKPT) \
		--data-root $(VIS_DATA)/youtube_vis_2019/ --oracle-ids

# SOLO-Track's tables as mean ± std over 3 training seeds, each scored on
# the tuning videos (seed 2000, where every setting was chosen), the
# held-out ones (seed 1000) and three sets made after the settings were
# frozen (seed 7000; seed 8000 with fast motion; seed 9000 after the
# detached embedding's option). Rows: IC + ME with the four trackers, the
# renormalised ME (tuning videos), IC only, the true SOLO baseline, the
# detached embedding.
# Measured on 2 cores with OMP_NUM_THREADS=1 and two runs in parallel: about
# 45-60 min per 10k-iteration training (by machine) and 2-3.5 min per
# tracker on 30 videos.
ST_SEEDS ?= 0 1 2
ST_SETS = data/synthetic_vis_tune2000 $(VIS_DATA) \
	data/synthetic_vis_fresh7000 data/synthetic_vis_fast8000 \
	data/synthetic_vis_fresh9000
ST_ROOTS = $(addsuffix /youtube_vis_2019/,$(ST_SETS))
SEEDS = $(PYTHON) tools/analysis_tools/train_seeds.py
SEEDS_OPTS = --seeds $(ST_SEEDS) --eval-data-roots $(ST_ROOTS)

vis-eval-sets: vis-data
	$(PYTHON) tools/make_synthetic.py data/synthetic_vis_tune2000 --overwrite \
		--preset vis --vis-videos 30 --test-seed 2000
	$(PYTHON) tools/make_synthetic.py data/synthetic_vis_fresh7000 --overwrite \
		--preset vis --vis-videos 30 --test-seed 7000
	$(PYTHON) tools/make_synthetic.py data/synthetic_vis_fast8000 --overwrite \
		--preset vis --vis-videos 30 --test-seed 8000 \
		--set "speed=[3,8]" camera_jitter=3
	# made after SOLOTrackHead's detach_embed_features was frozen
	$(PYTHON) tools/make_synthetic.py data/synthetic_vis_fresh9000 --overwrite \
		--preset vis --vis-videos 30 --test-seed 9000

# seed 0 is the demo's own training (the config's seed)
solo-track-seeds: install vis-eval-sets $(ST_CKPT) solo-track-ic-only \
		solo-baseline-seeds
	mkdir -p work_dirs/seeds_st
	ln -sfn ../$(ST_NAME) work_dirs/seeds_st/$(ST_NAME)_seed0
	$(SEEDS) configs/solo_track/$(ST_NAME).py --work-dir work_dirs/seeds_st \
		--also configs/solo_track/$(ST_POST).py \
		configs/solo_track/$(ST_EMBED).py \
		configs/solo_track/$(ST_BASELINE).py $(SEEDS_OPTS)
	# the renormalised ME (issue 11, defect 6) is a candidate default:
	# compared on the tuning videos only
	$(SEEDS) configs/solo_track/$(ST_RENORM).py \
		--work-dir work_dirs/seeds_st_renorm \
		--also configs/solo_track/$(ST_POST).py \
		configs/solo_track/$(ST_EMBED).py --seeds $(ST_SEEDS) \
		--eval-data-roots data/synthetic_vis_tune2000/youtube_vis_2019/

# Table 1's other trained rows, each on its own (one training per core:
# OMP_NUM_THREADS=1 make -j2 solo-track-ic-only solo-baseline-seeds; or one
# seed at a time, ST_SEEDS=1, then the table of all three from the score
# files already there). IC only is scored with the three trackers of the
# IC + ME rows; the true SOLO baseline has no trained embedding, so only
# overlap + category.
solo-track-ic-only: install vis-eval-sets
	$(SEEDS) configs/solo_track/$(ST_IC).py --work-dir work_dirs/seeds_st_ic \
		--also configs/solo_track/$(ST_POST).py \
		configs/solo_track/$(ST_EMBED).py $(SEEDS_OPTS) --reuse-scores

solo-baseline-seeds: install vis-eval-sets
	$(SEEDS) configs/solo/$(SOLO_BASELINE).py --work-dir work_dirs/seeds_solo \
		$(SEEDS_OPTS) --reuse-scores

# IC + ME with the embedding's gradient stopped at the FPN (a deviation,
# SOLOTrackHead's detach_embed_features), scored with overlap + category
# with and without the embedding cue (the trackers of the SOLO row, with
# their settings from the tuning videos; the option itself was not chosen
# there, so the tuning videos are not scored) on the held-out and the
# three fresh sets.
solo-track-detached: install vis-eval-sets
	$(SEEDS) configs/solo_track/$(ST_DETACH).py \
		--work-dir work_dirs/seeds_st_detached --no-self-score \
		--also configs/solo_track/$(ST_BASELINE).py \
		configs/solo_track/$(ST_EMBED).py --seeds $(ST_SEEDS) \
		--eval-data-roots $(filter-out data/synthetic_vis_tune2000/%,\
		$(ST_ROOTS)) --reuse-scores

# The cycle and TTA rows on top of the detached model: for each seed, the
# detached IC + ME model of that seed (make solo-track-detached first)
# fine-tuned 2k iterations with unlabeled clips (cycle) and without (its
# control), every setting as in solo-track-cycle, scored with the embedding
# cue (and, for the cycle model, with TTA) on the sets of
# solo-track-detached. The cycle model first: with too little time, the
# table still has it. One seed per core: OMP_NUM_THREADS=1, ST_SEEDS=s.
CYD_NAME = solo-track-cycle_r18_fpn_detached-embedding_1xb2-2k_synthetic
FTD_NAME = solo-track_r18_fpn_detached-embedding_images-finetune-2k_synthetic
CYD_OPTS = --seeds $(ST_SEEDS) --no-self-score --reuse-scores \
	--eval-data-roots $(filter-out data/synthetic_vis_tune2000/%,$(ST_ROOTS)) \
	--train-options 'load_from=work_dirs/seeds_st_detached/$(ST_DETACH)_seed{seed}/iter_10000.pth'

solo-track-detached-cycle: install vis-eval-sets vis-unlabeled-data
	$(SEEDS) configs/solo_track/$(CYD_NAME).py \
		--work-dir work_dirs/seeds_st_detached_cycle \
		--also configs/solo_track/$(CY_EMBED).py \
		configs/solo_track/$(CY_TTA).py $(CYD_OPTS)
	$(SEEDS) configs/solo_track/$(FTD_NAME).py \
		--work-dir work_dirs/seeds_st_detached_finetune \
		--also configs/solo_track/$(ST_EMBED).py $(CYD_OPTS)

# SOLO-Track from unlabeled video (issue 12): 40 unlabeled training videos
# (seed 3000, annotations dropped), then for each seed the IC + ME model of
# that seed fine-tuned 2k iterations with them (cycle) and without them
# (control, same images and schedule), scored on the held-out videos and
# the two fresh sets. No setting was tuned on these sets.
VIS_UNLABELED ?= data/synthetic_vis_unlabeled
CY_NAME = solo-track-cycle_r18_fpn_1xb2-2k_synthetic
CY_POST = solo-track-cycle_r18_fpn_post-process_synthetic
CY_EMBED = solo-track-cycle_r18_fpn_spatial-category-embedding_synthetic
CY_TTA = solo-track-cycle-tta_r18_fpn_spatial-category-embedding_synthetic
FT_NAME = solo-track_r18_fpn_images-finetune-2k_synthetic
CY_ROOTS = $(addsuffix /youtube_vis_2019/,$(VIS_DATA) \
	data/synthetic_vis_fresh7000 data/synthetic_vis_fast8000)
ST_SEED_DIR = work_dirs/seeds_st/$(ST_NAME)_seed
CY_OPTS = --seeds $(ST_SEEDS) --eval-data-roots $(CY_ROOTS) --reuse-scores \
	--train-options 'load_from=$(ST_SEED_DIR){seed}/iter_10000.pth'

vis-unlabeled-data:
	$(PYTHON) tools/make_synthetic.py $(VIS_UNLABELED) --overwrite --preset vis \
		--vis-videos 41 --vis-heldout 1 --test-seed 3000

# the IC + ME models of seeds 1, 2 (seed 0 is the demo's own training)
$(ST_SEED_DIR)%/iter_10000.pth:
	$(PYTHON) tools/train.py configs/solo_track/$(ST_NAME).py \
		--work-dir $(@D) --cfg-options randomness.seed=$* \
		train_dataloader.dataset.data_root=$(VIS_DATA)/coco/ \
		val_dataloader.dataset.data_root=$(VIS_DATA)/youtube_vis_2019/

solo-track-cycle: install vis-eval-sets vis-unlabeled-data $(ST_CKPT) \
		$(ST_SEED_DIR)1/iter_10000.pth $(ST_SEED_DIR)2/iter_10000.pth
	mkdir -p work_dirs/seeds_st
	[ -e $(ST_SEED_DIR)0 ] || ln -s ../$(ST_NAME) $(ST_SEED_DIR)0
	$(SEEDS) configs/solo_track/$(FT_NAME).py \
		--work-dir work_dirs/seeds_st_finetune \
		--also configs/solo_track/$(ST_POST).py \
		configs/solo_track/$(ST_EMBED).py $(CY_OPTS)
	$(SEEDS) configs/solo_track/$(CY_NAME).py \
		--work-dir work_dirs/seeds_st_cycle \
		--also configs/solo_track/$(CY_POST).py \
		configs/solo_track/$(CY_EMBED).py \
		configs/solo_track/$(CY_TTA).py $(CY_OPTS)
	$(PYTHON) tools/analysis_tools/benchmark_cycle_cost.py \
		--train configs/solo_track/$(FT_NAME).py \
		configs/solo_track/$(CY_NAME).py \
		--tta configs/solo_track/$(CY_TTA).py \
		--checkpoint work_dirs/seeds_st_cycle/$(CY_NAME)_seed0/iter_2000.pth

# The paper's Table 2: clips of 2, 3 or 4 frames (the cycle config's
# UniformRefFrameSample draws num_clip_frames - 1 reference frames), beside
# the images-only control (0 frames). Every row fine-tunes the same start,
# the seed-0 IC + ME model ($(ST_CKPT)), with fine-tuning seeds
# $(ST_SEEDS) for CY_FRAMES_ITERS iterations (1000: the nine cycle runs take
# ~1.5 h on 2 cores; 2000 is Table 1's schedule), then scores the embedding
# cue of the baseline tracker (the best tracker of Table 1) on the 30 fresh
# videos (seed 7000; one tracker and one set: scoring would otherwise take
# as long as training). Train the start first with both cores, then the
# runs one per core:
#   make vis-eval-sets vis-unlabeled-data $(ST_CKPT)
#   OMP_NUM_THREADS=1 make -j2 solo-track-cycle-frames
CY_FRAMES_ITERS ?= 1000
CY_FRAMES ?= 0 2 3 4
# the recorded table averaged the cycles of every length (cycle_lengths=all);
# CY_CYCLE_LENGTHS=full runs Eq. 8's single cycle through the clip
CY_CYCLE_LENGTHS ?= all
CY_FRAMES_WORK = work_dirs/cycle_frames
CY_CLIP_SAMPLER = train_dataloader.dataset.datasets.1.pipeline.0
# frames -> the run's training config and options
cy_frames_config = configs/solo_track/$(if $(filter 0,$(1)),$(FT_NAME),$(CY_NAME)).py
# (no validation inside the run: every run is scored after it)
cy_frames_options = load_from=$(ST_CKPT) train_cfg.max_iters=$(CY_FRAMES_ITERS) \
	train_cfg.val_interval=1000000 $(if $(filter 0,$(1)),, \
	$(CY_CLIP_SAMPLER).num_ref_imgs=$(word $(1),0 1 2 3) \
	$(CY_CLIP_SAMPLER).frame_range=$(word $(1),0 1 2 3) \
	model.detector.mask_head.loss_cycle.cycle_lengths=$(CY_CYCLE_LENGTHS))
cy_frames_scored = $(if $(filter 0,$(1)),$(ST_EMBED),$(CY_EMBED))
CY_FRAMES_ROOTS = data/synthetic_vis_fresh7000/youtube_vis_2019/
# seed-major order, the control last: with too little time, whole seeds of
# the clip lengths are done first
CY_FRAMES_RUNS = $(foreach s,$(ST_SEEDS),$(foreach f,$(filter-out 0, \
	$(CY_FRAMES)),cycle-frames-run-$(f)-$(s))) $(foreach s,$(ST_SEEDS), \
	$(foreach f,$(filter 0,$(CY_FRAMES)),cycle-frames-run-$(f)-$(s)))
cy_frames_seeds = $(SEEDS) $(call cy_frames_config,$(1)) \
	--work-dir $(CY_FRAMES_WORK)/frames$(1) \
	--also configs/solo_track/$(call cy_frames_scored,$(1)).py --no-self-score \
	--eval-data-roots $(CY_FRAMES_ROOTS) --reuse-scores \
	--train-options $(call cy_frames_options,$(1))

# the common start itself, not fine-tuned
CY_FRAMES_START = $(CY_FRAMES_WORK)/start_seed0.json
$(CY_FRAMES_START): $(ST_CKPT)
	$(PYTHON) tools/benchmark_trackers.py configs/solo_track/$(ST_EMBED).py \
		--checkpoint $(ST_EMBED)=$(ST_CKPT) --data-root $(CY_FRAMES_ROOTS) \
		--work-dir $(CY_FRAMES_WORK)/start --out $@

cycle-frames-run-%: vis-eval-sets vis-unlabeled-data $(ST_CKPT)
	$(call cy_frames_seeds,$(word 1,$(subst -, ,$*))) \
		--seeds $(word 2,$(subst -, ,$*))

solo-track-cycle-frames: $(CY_FRAMES_START) $(CY_FRAMES_RUNS)
	cat $(CY_FRAMES_START)
	$(foreach f,$(CY_FRAMES),$(call cy_frames_seeds,$(f)) \
		--seeds $(ST_SEEDS) && ) true

# Pose tracking (issue 13): walking figures as COCO-keypoints images (seed
# 0) and PoseTrack18 videos (seed 1000); CID + keypoint embedding trained on
# the images, then the embedding tracker beside the OKS-only baseline.
POSE_DATA ?= data/synthetic_pose
PT_NAME = cid-track_r18_1xb8-2k_synthetic-pose
PT_OKS = cid-track_r18_oks-baseline_synthetic-pose
PT_WORK = work_dirs/$(PT_NAME)
PT_CKPT = $(PT_WORK)/iter_2000.pth

pose-data:
	$(PYTHON) tools/make_synthetic.py $(POSE_DATA) --overwrite --preset pose \
		--pose-images 1000 --pose-videos 10

$(PT_CKPT):
	$(PYTHON) tools/train.py configs/pose_track/$(PT_NAME).py \
		--work-dir $(PT_WORK)

pose-track-demo: install pose-data $(PT_CKPT)
	$(PYTHON) tools/benchmark_trackers.py \
		configs/pose_track/$(PT_NAME).py configs/pose_track/$(PT_OKS).py \
		--checkpoint $(PT_NAME)=$(PT_CKPT) $(PT_OKS)=$(PT_CKPT)

# The pose table of docs/pose_track/experiments.md: 3 training seeds, the
# embedding tracker and the OKS-only baseline on the same poses, scored on
# the tuning videos (seed 2000, where the thresholds were chosen), the
# held-out ones (seed 1000) and two sets made after the settings were
# frozen (seed 7000; seed 8000 with fast motion). ~40 min per training.
POSE_SEEDS ?= 0 1 2
PT_SETS = data/synthetic_pose_tune2000 $(POSE_DATA) \
	data/synthetic_pose_fresh7000 data/synthetic_pose_fast8000
PT_TUNE = --data-root data/synthetic_pose_tune2000/posetrack18/

pose-eval-sets: pose-data
	$(PYTHON) tools/make_synthetic.py data/synthetic_pose_tune2000 --overwrite \
		--preset pose --pose-images 0 --pose-videos 20 --test-seed 2000
	$(PYTHON) tools/make_synthetic.py data/synthetic_pose_fresh7000 --overwrite \
		--preset pose --pose-images 0 --pose-videos 20 --test-seed 7000
	$(PYTHON) tools/make_synthetic.py data/synthetic_pose_fast8000 --overwrite \
		--preset pose --pose-images 0 --pose-videos 20 --test-seed 8000 \
		--set "speed=[3,8]"

# How the tracker thresholds in the two configs were chosen: seed 0's
# model on the tuning videos, in this order, each step keeping the best
# MOTA of the one before (docs/pose_track/experiments.md has the tables).
BENCH = $(PYTHON) tools/benchmark_trackers.py
PT_SHARED = model.tracker.score_thr=0.05 model.tracker.init_track_thr=0.05 \
	model.tracker.kpt_score_thr=0.1 test_evaluator.kpt_score_thr=0.1

pose-track-sweep: install pose-eval-sets $(PT_CKPT)
	# 1. which people and joints count (tracker and evaluator alike)
	$(BENCH) configs/pose_track/$(PT_OKS).py $(PT_TUNE) \
		--checkpoint $(PT_OKS)=$(PT_CKPT) \
		--cfg-options model.tracker.oks_thr=0.3 --sweep \
		model.tracker.score_thr+model.tracker.init_track_thr=0.03,0.05,0.08 \
		model.tracker.kpt_score_thr+test_evaluator.kpt_score_thr=0.05,0.1,0.15
	# 2. the OKS-only baseline's OKS threshold
	$(BENCH) configs/pose_track/$(PT_OKS).py $(PT_TUNE) \
		--checkpoint $(PT_OKS)=$(PT_CKPT) \
		--cfg-options $(PT_SHARED) \
		--sweep model.tracker.oks_thr=0.0,0.05,0.1,0.2,0.3,0.5
	# 3. the embedding tracker's: with OKS 0.1, and with OKS 0 (where
	# every pair is accepted and only the weight matters)
	$(BENCH) configs/pose_track/$(PT_NAME).py $(PT_TUNE) \
		--checkpoint $(PT_NAME)=$(PT_CKPT) \
		--cfg-options $(PT_SHARED) model.tracker.oks_thr=0.1 --sweep \
		model.tracker.embedding_thr=0.5,0.7,0.9 \
		model.tracker.embedding_weight=0.05,0.2,1.0
	$(BENCH) configs/pose_track/$(PT_NAME).py $(PT_TUNE) \
		--checkpoint $(PT_NAME)=$(PT_CKPT) \
		--cfg-options $(PT_SHARED) model.tracker.oks_thr=0.0 \
		model.tracker.embedding_thr=0.7 \
		--sweep model.tracker.embedding_weight=0.05,0.2,1.0,3.0

pose-track-seeds: install pose-eval-sets $(PT_CKPT)
	mkdir -p work_dirs/seeds_pose
	[ -e work_dirs/seeds_pose/$(PT_NAME)_seed0 ] || \
		ln -s ../$(PT_NAME) work_dirs/seeds_pose/$(PT_NAME)_seed0
	$(SEEDS) configs/pose_track/$(PT_NAME).py --work-dir work_dirs/seeds_pose \
		--also configs/pose_track/$(PT_OKS).py --seeds $(POSE_SEEDS) \
		--eval-data-roots $(addsuffix /posetrack18/,$(PT_SETS))

# A real video from a package registry: OpenCV's sample pedestrian video
# vtest.avi (768x576, 795 frames), shipped in Debian's opencv-doc package.
VIDEO_DIR = data/own_videos
VIDEO_MOT = data/own_videos_mot
VIDEO_WORK = work_dirs/video_demo
OWN_CONFIG = configs/cross_input/cross-input_visual-spatial_1xb8-2k_own-videos.py

$(VIDEO_DIR)/vtest.avi:
	mkdir -p $(VIDEO_DIR) $(VIDEO_WORK)/deb
	cd $(VIDEO_WORK)/deb && apt-get download opencv-doc && \
		dpkg-deb -x opencv-doc_*.deb x
	cp $(VIDEO_WORK)/deb/x/usr/share/doc/opencv-doc/examples/data/vtest.avi $@

# Train the cross-input tracker on it (no labels: the first run extracts the
# frames and detects people with HOG, whose default pyramid looks for
# people down to 1/8 of the frame height: the frames are upscaled 1.33x),
# then track it with ByteTrack and with the trained tracker on those same
# detections.
video-demo: install $(VIDEO_DIR)/vtest.avi
	$(PYTHON) tools/train.py $(OWN_CONFIG) --work-dir $(VIDEO_WORK)/cross_input \
		--cfg-options train_dataloader.dataset.video_dir=$(VIDEO_DIR) \
		train_dataloader.dataset.prepared_root=$(VIDEO_MOT)
	$(PYTHON) tools/track_video.py $(VIDEO_DIR)/vtest.avi \
		--config configs/bytetrack/bytetrack_public-det_synthetic-test.py \
		--det-file $(VIDEO_MOT)/train/vtest/det/det.txt \
		--out $(VIDEO_WORK)/vtest_bytetrack_hog.mp4 \
		--sheet docs/images/vtest_bytetrack_hog.jpg --sheet-width 1200
	$(PYTHON) tools/track_video.py $(VIDEO_DIR)/vtest.avi --config $(OWN_CONFIG) \
		--checkpoint $(VIDEO_WORK)/cross_input/iter_2000.pth \
		--det-file $(VIDEO_MOT)/train/vtest/det/det.txt \
		--out $(VIDEO_WORK)/vtest_cross_input_hog.mp4 \
		--sheet docs/images/vtest_cross_input_hog.jpg --sheet-width 1200

# Real footage with ground truth (TUD-Campus and TUD-Stadtmitte of MOT15;
# licence CC BY-NC-SA, so it stays in ../shared and is read from there):
# every tracker on identical detections, the learned ones trained on these
# videos without labels (benchmark_footage.py). FOOTAGE_SEEDS="0" for one
# seed; two seeds run in parallel with OMP_NUM_THREADS=1 and a later call
# with all seeds reuses their checkpoints and score files.
TUD ?= ../shared/data/tud
FOOTAGE_SEEDS ?= 0 1 2
FOOTAGE = $(PYTHON) tools/analysis_tools/benchmark_footage.py $(TUD) \
	--seeds $(FOOTAGE_SEEDS) --reuse-scores

footage-hog: install
	$(FOOTAGE) --detections hog --work-dir work_dirs/footage/tud_hog
	# the HOG windows of the detector before it wrote person boxes, and
	# person boxes without upscaling (people under 96 px are not searched)
	$(FOOTAGE) --detections hog --work-dir work_dirs/footage/tud_hog_windows \
		--detector-options box=window upscale=1.0 --peers-only
	$(FOOTAGE) --detections hog --work-dir work_dirs/footage/tud_hog_mph96 \
		--detector-options min_person_height=96 --peers-only

# footage-public also scores the synthetic-corpus weights of
# `make cross-input-seeds` on the footage (transfer)
footage-public: install $(CI_SEED_CKPTS)
	$(FOOTAGE) --detections public --work-dir work_dirs/footage/tud_public \
		--transfer-work-dir $(CI_SEEDS_WORK)

# The crop-embedding fused tracker on the same footage (issue 33): trained
# on the TUD videos without labels, and transferred from the synthetic
# corpus (the seeds of `make crop-embedding-seeds`)
CE_OWN = configs/crop_embedding/crop-embedding_fused-bytetrack_1xb8-2k_own-videos.py
CE_TUD_SEED0 = work_dirs/footage/tud_public_ce/seeds/$(basename $(notdir $(CE_OWN)))_seed0/iter_2000.pth
footage-public-crop-embedding: install $(CE_SEED_CKPTS)
	$(FOOTAGE) --detections public --work-dir work_dirs/footage/tud_public_ce \
		--train-config $(CE_OWN) --learned $(CE_CONFIG) $(CE_OCSORT) \
		--transfer-config $(CE_CONFIG) --transfer-work-dir $(CE_SEEDS_WORK)
	# why (ground truth read for the analysis only), seed 0's weights
	# trained on the videos: the embedding against IoU and colour, then
	# where the cue changes ByteTrack's decisions, with and without
	# re-identification and the appearance veto
	$(PYTHON) tools/analysis_tools/embedding_identity.py $(CE_CONFIG) \
		--data-root work_dirs/footage/tud_public_ce/data/ \
		--checkpoint $(CE_TUD_SEED0)
	$(PYTHON) tools/analysis_tools/cue_decisions.py $(CE_CONFIG) \
		--data-root work_dirs/footage/tud_public_ce/data/ \
		--checkpoint $(CE_NAME)=$(CE_TUD_SEED0) \
		--sweep model.tracker.reid_cosine_thr=None,0.98 \
		model.tracker.veto_margin=None,0.5

# The appearance veto (issue 33): the crop-embedding trackers with the
# margin frozen on the tuning split (last step of crop-embedding-sweep),
# on the four synthetic sets and on TUD, with the weights of
# crop-embedding-seeds and footage-public-crop-embedding (not retrained)
CE_VETO = configs/crop_embedding/crop-embedding_fused-bytetrack-veto_1xb8-2k_synthetic.py
CE_OCSORT_VETO = configs/crop_embedding/crop-embedding_fused-ocsort-veto_1xb8-2k_synthetic.py
CE_VETO_TUD = work_dirs/footage/tud_public_ce_veto
crop-embedding-veto: install mot-eval-sets $(CE_SEED_CKPTS) footage-public-crop-embedding
	$(SEEDS) $(CE_CONFIG) --no-self-score --also $(CE_VETO) $(CE_OCSORT_VETO) \
		--work-dir $(CE_SEEDS_WORK) --scores-dir work_dirs/seeds_ce_veto \
		--seeds $(MOT_SEEDS) --data-root $(DATA)/ \
		--eval-data-roots $(addsuffix /,$(MOT_SETS)) --reuse-scores
	mkdir -p $(CE_VETO_TUD)/seeds
	for s in $(FOOTAGE_SEEDS); do ln -sfn \
		../../tud_public_ce/seeds/$(basename $(notdir $(CE_OWN)))_seed$$s \
		$(CE_VETO_TUD)/seeds/ || exit 1; done
	$(FOOTAGE) --detections public --work-dir $(CE_VETO_TUD) \
		--train-config $(CE_OWN) --learned $(CE_VETO) $(CE_OCSORT_VETO) \
		--transfer-config $(CE_CONFIG) --transfer-work-dir $(CE_SEEDS_WORK)
	# where the veto changes ByteTrack's decisions on TUD with seed 0's
	# synthetic-corpus weights (ground truth read for the analysis only)
	$(PYTHON) tools/analysis_tools/cue_decisions.py $(CE_CONFIG) \
		--data-root work_dirs/footage/tud_public_ce/data/ \
		--checkpoint $(CE_NAME)=$(CE_SEEDS_WORK)/$(CE_NAME)_seed0/iter_2000.pth \
		--sweep model.tracker.veto_margin=None,0.5

# How much any association could still gain (issue 33): each tracker's own
# boxes given the identities of perfect association (--oracle-ids reads the
# ground truth; docs/crop_embedding/experiments.md, "Association
# headroom"). ByteTrack and OC-SORT on the four synthetic sets and TUD, and
# the learned fused trackers on TUD with the weights trained on its videos
TUD_DATA = work_dirs/footage/tud_public_ce/data/
HEADROOM_WORK = work_dirs/headroom
# NAME=CHECKPOINT of TUD training seed $(2) for config $(1)
ce_tud_ckpt = $(basename $(notdir $(1)))=work_dirs/footage/tud_public_ce/seeds/$(basename $(notdir $(CE_OWN)))_seed$(2)/iter_2000.pth
ci_tud_ckpt = $(basename $(notdir $(1)))=work_dirs/footage/tud_public/seeds/$(basename $(notdir $(OWN_CONFIG)))_seed$(2)/iter_2000.pth
association-headroom: install mot-eval-sets footage-public footage-public-crop-embedding
	for d in $(MOT_SETS) $(TUD_DATA); do $(BENCH) \
		configs/bytetrack/bytetrack_public-det_synthetic-test.py \
		configs/ocsort/ocsort_public-det_synthetic-test.py \
		--data-root $${d%/}/ --oracle-ids \
		--work-dir $(HEADROOM_WORK)/$$(basename $${d%/data/}) || exit 1; done
	for s in $(FOOTAGE_SEEDS); do $(BENCH) $(CE_CONFIG) $(CE_OCSORT) $(CI_FUSED) \
		--data-root $(TUD_DATA) --oracle-ids \
		--checkpoint $(call ce_tud_ckpt,$(CE_CONFIG),$$s) \
		$(call ce_tud_ckpt,$(CE_OCSORT),$$s) \
		$(call ci_tud_ckpt,$(CI_FUSED),$$s) \
		--work-dir $(HEADROOM_WORK)/tud_learned_seed$$s || exit 1; done

test: install
	$(PYTHON) -m pytest tests
