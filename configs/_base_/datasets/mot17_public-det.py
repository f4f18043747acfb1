# MOT17's public detections (DPM, FRCNN, SDP per sequence): DPM's scores
# are raw SVM margins (negative to about 1), FRCNN's and SDP's
# probabilities, and every tracker thresholds them with one setting. Scores
# of a detector that leaves [0, 1] are replaced by their empirical CDF over
# that detector's detections ('auto', see normalise_scores); probabilities
# are kept. Every MOT17 config reads the same scores.
_base_ = './mot_challenge_public-det.py'

score_normalisation = 'auto'
# Paper A pre-processes MOT17's public detections as Tracktor++ does (Sec.
# 5): a Faster R-CNN rescores and regresses every box. Off by default (it
# needs your detector weights); to follow the paper, write the refined
# copies once per split and read them on every MOT17 loader:
#   python tools/dataset_converters/refine_detections.py \
#       data/MOT17/annotations/train_detections.json \
#       --img-root data/MOT17/train \
#       --det-config mmdet::faster_rcnn/faster-rcnn_r50_fpn_1x_coco.py \
#       --det-checkpoint YOUR_WEIGHTS.pth   (also test_, half-val_)
#   --cfg-options test_dataloader.dataset.public_det_refinement=tracktor
#       (and train_/val_dataloader)
public_det_refinement = None
val_dataloader = dict(dataset=dict(
    score_normalisation=score_normalisation,
    public_det_refinement=public_det_refinement))
test_dataloader = val_dataloader
