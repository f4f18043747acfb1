"""Distributed launch that also works on machines without CUDA."""
import torch
import torch.distributed as dist
from mmengine.config import Config


def setup_launcher(cfg: Config, launcher: str) -> None:
    """Set ``cfg.launcher`` and, without CUDA, prepare a gloo run.

    mmengine's ``pytorch`` launcher calls ``torch.cuda.set_device`` and
    wraps the model in DDP with ``device_ids=[LOCAL_RANK]``; both fail on a
    CPU-only machine. Without CUDA this initialises the process group with
    gloo itself (mmengine then skips its own ``init_dist``) and removes
    ``device_ids`` from the DDP wrapper, so ``tools/dist_train.sh CONFIG N``
    runs N CPU processes.
    """
    cfg.launcher = launcher
    if launcher == 'none' or torch.cuda.is_available():
        return
    if launcher != 'pytorch':
        raise ValueError(f'--launcher {launcher} needs CUDA; on CPU use '
                         'torchrun (tools/dist_train.sh) with --launcher '
                         'pytorch')
    cfg.setdefault('env_cfg', {}).setdefault('dist_cfg', {})['backend'] = \
        'gloo'
    if not dist.is_initialized():
        dist.init_process_group(backend='gloo')
    wrapper = dict(cfg.get('model_wrapper_cfg') or {})
    wrapper.setdefault('type', 'MMDistributedDataParallel')
    wrapper.setdefault('broadcast_buffers', False)
    wrapper.setdefault('find_unused_parameters',
                       cfg.get('find_unused_parameters', False))
    wrapper['device_ids'] = None
    cfg.model_wrapper_cfg = wrapper
