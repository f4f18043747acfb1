"""A warning when cross-input consistency training is not learning."""
from typing import Optional

from mmdet.registry import HOOKS

from .logged_scalars import logged_mean
from .stall_guard_hook import StallGuardHook

ADVICE = (
    'What to try: check that the detections are on the objects (draw them '
    'with tools/track_video.py --det-file) and that clips are short enough '
    'for most objects of their first frame to be in their last (clip_len, '
    'tools/analysis_tools/estimate_clip_length.py); if the same people stay '
    "in view for the whole video, the paper's artificial detections (crops "
    'of frames far away in time) show people who are in the clip: try '
    "train_dataloader.dataset.artificial_source='background' or "
    "'other_videos' (several videos), or artificial=False, and measure with "
    'tools/analysis_tools/artificial_detections.py where ground truth '
    'exists.')


@HOOKS.register_module()
class ChanceAgreementHook(StallGuardHook):
    """Warns when the two hidden inputs of cross-input consistency agree no
    more than chance, i.e. training sits at the uniform solution.

    When every transition row is uniform over its columns, the agreement of
    the two inputs (``sum_j A_ij B_ij``, logged as ``agreement``) equals
    ``1 / columns`` (logged as ``chance_agreement``); the loss is then flat,
    the gradient tiny, and a trained model opens a new identity on almost
    every frame. Every ``interval`` iterations the hook compares the two
    means over that interval, and after ``patience`` checks in a row with
    ``agreement < ratio * chance_agreement`` it logs a WARNING with the
    numbers and what to try; it warns again after every further
    ``patience`` checks at chance (:class:`StallGuardHook`).

    Training can sit near chance for a while and then leave it: on the TUD
    videos (real footage, public detections) agreement stayed at 0.8-1.1x
    chance for the first 500 steps and reached 1.3-1.5x at 700-800, and the
    trained tracker works; on the synthetic corpus it reaches several times
    chance (0.06 -> 0.31). The defaults (1.2x chance, 10 checks of 100
    steps) are set so that neither warns; a run at chance for 1000 steps
    (the reported real video: 0.05 for all 2000) does.

    Args:
        interval (int): Iterations between checks. Defaults to 100.
        patience (int): Checks at chance before warning. Defaults to 10.
        ratio (float): Agreement below ``ratio`` times chance counts as at
            chance. Defaults to 1.2.
    """
    META_KEY = 'chance_agreement'
    COUNT_KEY = 'num_at_chance'

    def __init__(self, interval: int = 100, patience: int = 10,
                 ratio: float = 1.2) -> None:
        if ratio <= 0:
            raise ValueError('ratio must be > 0')
        super().__init__(interval, patience)
        self.ratio = ratio

    @property
    def num_at_chance(self) -> int:
        return self.num_stalled

    def stalled(self, runner, steps: int) -> Optional[str]:
        agreement, chance = (logged_mean(runner, key, self.interval)
                             for key in ('agreement', 'chance_agreement'))
        if agreement is None or chance is None:
            raise RuntimeError(
                'ChanceAgreementHook: the model logs no agreement and '
                'chance_agreement; the hook is for cross-input consistency '
                'training (CrossInputConsistency.loss logs them)')
        if agreement >= self.ratio * chance:
            return None
        return (f'training is at the uniform solution: over the last {steps} '
                f'iterations the two hidden inputs agreed {agreement:.3f}, '
                f'chance is {chance:.3f} (every transition row uniform), so '
                f'the model is not learning to track. {ADVICE}')
