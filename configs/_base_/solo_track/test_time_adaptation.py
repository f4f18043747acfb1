# Test-time adaptation of SOLO-Track (Fu et al., Sec. 3.5): before each test
# video is tracked, 5 steps (Sec. 4.2) of the cycle-consistency loss on
# clips of its own frames update the backbone, the FPN and the video branch;
# the weights are restored after the video. Add tta_hook to a cycle model
# config's custom_hooks.
tta_hook = dict(
    type='TestTimeAdaptationHook',
    num_iters=5,
    num_frames=2,
    clips_per_iter=4,
    optimizer=dict(type='SGD', lr=0.001, momentum=0.9),
    update=('detector.backbone', 'detector.neck',
            'detector.mask_head.video_embed_convs',
            'detector.mask_head.conv_video_embed'))
