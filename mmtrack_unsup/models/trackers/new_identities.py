"""Identity bookkeeping shared by the trackers."""
from mmdet.models.trackers import BaseTracker
from torch import Tensor


def start_new_tracks(tracker: BaseTracker, ids: Tensor, scores: Tensor,
                     init_track_thr: float) -> Tensor:
    """Give unmatched instances (``ids == -1``) scoring at least
    ``init_track_thr`` fresh identities from ``tracker.num_tracks``.

    Returns:
        Tensor: ``ids`` (CPU, long) with the new identities filled in;
        instances that start no track keep -1.
    """
    new = (ids == -1) & (scores.cpu() >= init_track_thr)
    num = int(new.sum())
    ids[new] = ids.new_tensor(range(tracker.num_tracks,
                                    tracker.num_tracks + num))
    tracker.num_tracks += num
    return ids
