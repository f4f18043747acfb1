"""How the synthetic videos' frames differ from the labeled still images
(issue 34): SOLO-Track trains on COCO stills and tests on YouTube-VIS video
frames (Fu et al., Sec. 4.1), which are blurred by motion, compressed,
smaller and differently lit. Applied to video frames only, after rendering,
so masks and boxes stay exact."""
from dataclasses import asdict, dataclass, fields
from typing import Dict, Tuple

import cv2
import numpy as np


@dataclass(frozen=True)
class VideoDomain:
    """Degradations of every video frame, in this order.

    Args:
        motion_blur (int): Length in pixels of a linear blur kernel at a
            random angle per video (a camera pan); 0 or 1: none.
        downscale (float): Frames are shrunk by this factor and enlarged
            back (detail lost as in a low-resolution video); 1: none.
        colour_gain (tuple): Per-channel (B, G, R) gains (a white-balance
            shift).
        brightness (float): Added to every channel (0-255 scale).
        gamma (float): Output = 255 * (input / 255) ** gamma.
        jpeg_quality (int): JPEG quality the frame is re-encoded at before
            it is written (block artefacts of a video codec); 100: none.
    """
    motion_blur: int = 0
    downscale: float = 1.0
    colour_gain: Tuple[float, float, float] = (1.0, 1.0, 1.0)
    brightness: float = 0.0
    gamma: float = 1.0
    jpeg_quality: int = 100

    def __post_init__(self) -> None:
        if self.motion_blur < 0 or not 0 < self.downscale <= 1 or \
                not 1 <= self.jpeg_quality <= 100 or self.gamma <= 0 or \
                len(self.colour_gain) != 3:
            raise ValueError(f'invalid video domain {self}: motion_blur >= '
                             '0, 0 < downscale <= 1, 1 <= jpeg_quality <= '
                             '100, gamma > 0, three colour gains')

    @property
    def is_identity(self) -> bool:
        return self == VideoDomain()

    def updated(self, **kwargs) -> 'VideoDomain':
        known = {f.name for f in fields(self)}
        unknown = sorted(set(kwargs) - known)
        if unknown:
            raise KeyError(f'unknown video domain keys {unknown}; known: '
                           f'{sorted(known)}')
        values = asdict(self)
        values.update({k: tuple(v) if isinstance(v, list) else v
                       for k, v in kwargs.items()})
        return VideoDomain(**values)

    def blur_kernel(self, rng: np.random.Generator) -> np.ndarray:
        """The video's motion-blur kernel (one random direction)."""
        n = max(int(self.motion_blur), 1)
        kernel = np.zeros((n, n), np.float32)
        kernel[n // 2] = 1.0
        angle = float(rng.uniform(0, 180))
        rot = cv2.getRotationMatrix2D(((n - 1) / 2, (n - 1) / 2), angle, 1)
        kernel = cv2.warpAffine(kernel, rot, (n, n))
        return kernel / max(kernel.sum(), 1e-6)

    def apply(self, img: np.ndarray, kernel: np.ndarray) -> np.ndarray:
        """The degraded BGR frame (same size as ``img``)."""
        out = img
        if self.motion_blur > 1:
            out = cv2.filter2D(out, -1, kernel,
                               borderType=cv2.BORDER_REFLECT)
        if self.downscale < 1:
            h, w = out.shape[:2]
            small = cv2.resize(out, (max(1, round(w * self.downscale)),
                                     max(1, round(h * self.downscale))),
                               interpolation=cv2.INTER_AREA)
            out = cv2.resize(small, (w, h), interpolation=cv2.INTER_LINEAR)
        f = out.astype(np.float32) * np.asarray(self.colour_gain,
                                                np.float32)
        f = np.clip(f + self.brightness, 0, 255)
        if self.gamma != 1:
            f = 255.0 * (f / 255.0) ** self.gamma
        out = np.clip(np.round(f), 0, 255).astype(np.uint8)
        if self.jpeg_quality < 100:
            ok, buf = cv2.imencode('.jpg', out, [cv2.IMWRITE_JPEG_QUALITY,
                                                 int(self.jpeg_quality)])
            out = cv2.imdecode(buf, cv2.IMREAD_COLOR)
        return out


# 'gap': video frames as the paper's test videos differ from COCO stills,
# each degradation moderate (documented in docs/solo_track/experiments.md)
VIDEO_DOMAINS: Dict[str, VideoDomain] = dict(
    none=VideoDomain(),
    gap=VideoDomain(motion_blur=7, downscale=0.5,
                    colour_gain=(1.15, 1.0, 0.85), brightness=-20.0,
                    gamma=1.2, jpeg_quality=30),
)
