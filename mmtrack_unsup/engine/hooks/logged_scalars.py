"""What the training hooks read from the logged losses and statistics."""
from typing import Optional


def logged_mean(runner, key: str, window: int) -> Optional[float]:
    """Mean of the model's logged ``key`` (a loss or statistic returned by
    ``model.loss``) over its last ``window`` updates; None while it has not
    been logged."""
    hub = runner.message_hub
    if f'train/{key}' not in hub.log_scalars:
        return None
    return hub.get_scalar(f'train/{key}').mean(window)
