# SOLO-Track's embedding as an extra cue of the baseline's association
# (SpatialCategoryTracker with embedding_thr): a pair within the category
# continues a track when the boxes overlap or the embedding's cosine
# similarity to the track's prototype reaches embedding_thr; the assignment
# maximises IoU + embedding_weight * cosine. Test it with the checkpoint of
# solo-track_r18_fpn_1xb2-10k_synthetic.py, beside the baseline config,
# which differs only in these two fields.
_base_ = './solo-track_r18_fpn_spatial-category-baseline_synthetic.py'
model = dict(
    tracker=dict(
        # chosen on the 30 tuning videos (seed 2000) among embedding_thr
        # 0.5 / 0.7 / 0.8 and embedding_weight 0.05 / 0.1 / 0.3 / 1.0, the
        # baseline's other settings kept (README)
        embedding_thr=0.7,
        embedding_weight=0.05))
