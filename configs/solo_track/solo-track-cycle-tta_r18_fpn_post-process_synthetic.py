# Table 3's "Ours*": solo-track-cycle_r18_fpn_post-process_synthetic.py with
# test-time adaptation (Sec. 3.5; test with the cycle model's checkpoint).
_base_ = [
    './solo-track-cycle_r18_fpn_post-process_synthetic.py',
    '../_base_/solo_track/test_time_adaptation.py'
]
custom_hooks = {{_base_.tta_custom_hooks}}
