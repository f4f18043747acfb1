_base_ = [
    '../_base_/models/sort_public-det.py',
    '../_base_/datasets/synthetic_mot_public-det.py', '../_base_/default_runtime.py'
]
