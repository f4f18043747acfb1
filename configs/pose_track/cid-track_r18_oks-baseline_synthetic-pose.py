# The paper's pose-tracking baseline (Fu et al., Table 4, "Baseline"):
# people associated by OKS alone. The same model and checkpoint as
# cid-track_r18_1xb8-4k_synthetic-pose.py; only the tracker ignores the
# embedding, so the two rows differ in association only.
_base_ = './cid-track_r18_1xb8-4k_synthetic-pose.py'
model = dict(tracker=dict(embedding_thr=None, embedding_weight=0.0))
