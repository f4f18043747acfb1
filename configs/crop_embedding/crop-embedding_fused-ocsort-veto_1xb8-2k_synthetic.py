# The OC-SORT crop-embedding tracker with the appearance veto (see
# crop-embedding_fused-bytetrack-veto_1xb8-2k_synthetic.py; the veto also
# applies in OC-SORT's observation-centric recovery). Same weights as the
# ByteTrack crop-embedding config.
_base_ = './crop-embedding_fused-ocsort_1xb8-2k_synthetic.py'

model = dict(tracker=dict(veto_margin=0.5))
