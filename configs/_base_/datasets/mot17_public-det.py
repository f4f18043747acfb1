# MOT17's public detections (DPM, FRCNN, SDP per sequence): DPM's scores
# are raw SVM margins (negative to about 1), FRCNN's and SDP's
# probabilities, and every tracker thresholds them with one setting. Scores
# of a detector that leaves [0, 1] are replaced by their empirical CDF over
# that detector's detections ('auto', see normalise_scores); probabilities
# are kept. Every MOT17 config reads the same scores.
_base_ = './mot_challenge_public-det.py'

score_normalisation = 'auto'
val_dataloader = dict(dataset=dict(score_normalisation=score_normalisation))
test_dataloader = val_dataloader
