# The paper's pose-tracking baseline (Fu et al., Table 4, "Baseline"):
# people associated by OKS alone. The same model and checkpoint as
# cid-track_r18_1xb8-2k_synthetic-pose.py; only the tracker ignores the
# embedding, so the two rows differ in association only. Its own OKS
# threshold was chosen on the tuning videos as the embedding tracker's
# (`make pose-track-sweep`): 0, any pair may match (Hungarian on OKS), did
# best of 0, 0.05, 0.1, 0.2, 0.3, 0.5.
_base_ = './cid-track_r18_1xb8-2k_synthetic-pose.py'
model = dict(
    tracker=dict(oks_thr=0.0, embedding_thr=None, embedding_weight=0.0))
