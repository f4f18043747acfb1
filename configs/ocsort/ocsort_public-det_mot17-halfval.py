_base_ = [
    '../_base_/models/ocsort_public-det.py',
    '../_base_/datasets/mot17_public-det.py', '../_base_/default_runtime.py'
]
