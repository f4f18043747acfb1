# Adam, lr 1e-4 decaying to 1e-5 on plateau (Bastani et al., Sec. 5). The
# plateau is watched on the training loss (TrainLossPlateauHook): training
# reads no labels, so there is no validation metric to watch.
optim_wrapper = dict(
    type='OptimWrapper',
    optimizer=dict(type='Adam', lr=1e-4),
    # Not in the paper (a deviation): gradient-norm clipping at 10 guards
    # the LSTM against rare exploding steps on short CPU schedules. Every
    # README figure was trained with it; `optim_wrapper.clip_grad=None`
    # gives the paper's plain Adam (not measured here).
    clip_grad=dict(max_norm=10.0))
param_scheduler = []
custom_hooks = [
    dict(type='TrainLossPlateauHook', interval=200, factor=0.1, patience=3,
         min_lr=1e-5),
    # a WARNING when the two inputs agree no more than 1.2x chance for 1000
    # steps (cross-input consistency models only)
    dict(type='ChanceAgreementHook', interval=100, patience=10, ratio=1.2)
]
train_cfg = dict(type='IterBasedTrainLoop', max_iters=20000,
                 val_interval=20000)
