"""Parameters of a synthetic tracking scene and the named presets."""
from dataclasses import asdict, dataclass, fields, replace
from typing import Dict, Tuple


@dataclass
class SceneConfig:
    """All knobs of one synthetic sequence (scene, camera and detector).

    Scene:
        width, height, num_frames, fps: frame geometry and length.
        num_initial (int): objects in view at the first frame.
        spawn_rate (float): expected objects entering per frame (Poisson).
        max_objects (int): cap on simultaneous objects (density).
        object_height (tuple): range of object heights in pixels.
        aspect (tuple): range of width/height ratios.
        speed (tuple): range of speeds in pixels per frame.
        accel_std (float): std of the per-frame velocity change (px/frame^2),
            so velocities drift rather than stay constant.
        turn_prob (float): per-frame chance of a sudden new heading.
        occlusion_rate (float): fraction of objects put on a shared walkway
            band where horizontal movers cross and occlude each other.
        num_occluders (int): static occluders (pillars) drawn in front of
            everything; they hide objects completely for a while.
        lookalike_rate (float): chance that a new object copies the
            appearance of an earlier one (small colour change only).
        camera_jitter (float): std of the camera's random walk in pixels.
        noise_std (float): pixel noise added to every frame.
        group_rate (float): chance that a new object brings one or two
            companions walking beside it (same velocity, a little apart).
        stop_prob (float): per-frame chance that a moving object stops, for
            ``stop_frames`` frames, then walks on.
        stop_frames (tuple): range of the length of a stop in frames.
        perspective (float): sizes grow with the ground position: an object
            is drawn ``1 + perspective * (y / height - 0.5)`` times its
            size, so people further down the frame (nearer) are larger.
        stay_in_view (bool): objects turn back at the left and right frame
            edges instead of leaving (with ``spawn_rate=0``, the same people
            are in every frame of the video, as in a long shot of a few
            walkers).
    The motion options default to 0 and then draw nothing from the random
    stream, so the earlier presets give the same scenes as before them.
    Detector (noise applied to the ground truth):
        det_box_jitter (float): std of box edge noise as a fraction of size.
        det_miss_rate (float): miss probability of a fully visible object.
        det_miss_occlusion (float): extra miss probability times
            ``1 - visibility``, so misses grow with occlusion.
        det_min_visibility (float): objects less visible are never detected.
        det_fp_rate (float): expected false positives per frame.
    """
    width: int = 640
    height: int = 360
    num_frames: int = 120
    fps: int = 25
    num_initial: int = 7
    spawn_rate: float = 0.06
    max_objects: int = 12
    object_height: Tuple[int, int] = (60, 120)
    aspect: Tuple[float, float] = (0.35, 0.55)
    speed: Tuple[float, float] = (0.8, 3.0)
    accel_std: float = 0.12
    turn_prob: float = 0.01
    occlusion_rate: float = 0.5
    num_occluders: int = 1
    lookalike_rate: float = 0.25
    camera_jitter: float = 0.8
    noise_std: float = 4.0
    group_rate: float = 0.0
    stop_prob: float = 0.0
    stop_frames: Tuple[int, int] = (10, 40)
    perspective: float = 0.0
    stay_in_view: bool = False
    det_box_jitter: float = 0.04
    det_miss_rate: float = 0.04
    det_miss_occlusion: float = 0.7
    det_min_visibility: float = 0.15
    det_fp_rate: float = 0.25

    def __post_init__(self) -> None:
        if self.width < 64 or self.height < 64:
            raise ValueError('frame size must be at least 64x64')
        if self.num_frames < 1:
            raise ValueError('num_frames must be >= 1')
        for name in ('occlusion_rate', 'lookalike_rate', 'det_miss_rate',
                     'det_miss_occlusion', 'det_min_visibility',
                     'group_rate', 'stop_prob'):
            if not 0 <= getattr(self, name) <= 1:
                raise ValueError(f'{name} must lie in [0, 1]')
        if not 0 <= self.perspective < 2:
            raise ValueError('perspective must lie in [0, 2)')
        if self.object_height[1] * (1 + self.perspective / 2) >= self.height:
            raise ValueError('object_height must stay below the frame height')

    def to_dict(self) -> dict:
        return asdict(self)

    def updated(self, **kwargs) -> 'SceneConfig':
        """A copy with some options changed; each value must have the type
        of the option's current value (an int where a float is held is
        taken; json/CLI lists become tuples of the same length).

        Raises:
            ValueError: An unknown option (the message lists the known ones)
                or a value of the wrong type (it names the option, the value
                and an example of the right type).
        """
        names = [f.name for f in fields(self)]
        unknown = sorted(set(kwargs) - set(names))
        if unknown:
            raise ValueError(f'unknown scene options {unknown}; known: '
                             f'{", ".join(names)}')
        return replace(self, **{k: _checked(k, v, getattr(self, k))
                                for k, v in kwargs.items()})


def _checked(key: str, value, current):
    """``value`` converted to the type of ``current``, or ValueError."""
    def number_like(v, c):
        if isinstance(c, bool) or isinstance(v, bool):
            return v if isinstance(v, bool) and isinstance(c, bool) else None
        if isinstance(c, int):
            return v if isinstance(v, int) else None
        if isinstance(c, float):
            return float(v) if isinstance(v, (int, float)) else None
        return v if isinstance(v, type(c)) else None

    if isinstance(current, tuple):
        if isinstance(value, (list, tuple)) and len(value) == len(current):
            items = [number_like(v, c) for v, c in zip(value, current)]
            if all(i is not None for i in items):
                return tuple(items)
    else:
        checked = number_like(value, current)
        if checked is not None:
            return checked
    raise ValueError(f'scene option {key}={value!r}: expected a value like '
                     f'{list(current) if isinstance(current, tuple) else current!r}'
                     f' ({type(current).__name__})')


PRESETS: Dict[str, SceneConfig] = dict(
    easy=SceneConfig(
        num_initial=4, spawn_rate=0.03, max_objects=6, occlusion_rate=0.1,
        num_occluders=0, lookalike_rate=0.0, camera_jitter=0.0,
        det_box_jitter=0.02, det_miss_rate=0.02, det_fp_rate=0.05),
    default=SceneConfig(),
    hard=SceneConfig(
        num_initial=10, spawn_rate=0.12, max_objects=18, occlusion_rate=0.8,
        num_occluders=2, lookalike_rate=0.5, camera_jitter=2.0,
        speed=(1.0, 4.5), det_box_jitter=0.07, det_miss_rate=0.08,
        det_fp_rate=0.6),
    # YouTube-VIS-like: few, large objects (YouTube-VIS 2019 has ~1.7
    # objects per video and objects often cover a large part of the frame),
    # small frames and 30 kept frames per video, so that SOLO-Track trains
    # on 2 CPU cores; crossings on the walkway, one pillar and look-alikes
    # keep the association non-trivial
    vis=SceneConfig(
        width=320, height=192, num_frames=30, num_initial=3,
        spawn_rate=0.03, max_objects=5, object_height=(50, 140),
        aspect=(0.5, 1.1)),
    # motion the default preset never shows (issue 14): people in groups of
    # two or three walking side by side, stopping and walking on, sizes
    # growing towards the bottom of the frame, and half the frame rate of
    # the default preset (12 fps: twice the displacement per frame)
    motion=SceneConfig(
        fps=12, speed=(1.6, 6.0), accel_std=0.24, group_rate=0.5,
        stop_prob=0.015, perspective=0.8, object_height=(50, 110)),
    # a long shot of the same few walkers (issue 33): nobody enters or
    # leaves, so every frame shows the same people; long videos
    stay=SceneConfig(
        num_frames=400, num_initial=5, spawn_rate=0.0, max_objects=5,
        stay_in_view=True, occlusion_rate=0.5, num_occluders=0),
    # PoseTrack-like: walking figures (pose_scene.py) 60-150 px tall, most
    # on the walkway where they cross and hide one another's joints
    pose=SceneConfig(
        width=320, height=192, num_frames=30, num_initial=4,
        spawn_rate=0.04, max_objects=6, object_height=(60, 150),
        aspect=(0.35, 0.5), occlusion_rate=0.7),
)


def get_preset(name: str) -> SceneConfig:
    if name not in PRESETS:
        raise KeyError(f'unknown preset {name!r}; choose from {list(PRESETS)}')
    return PRESETS[name]


__all__ = ['SceneConfig', 'PRESETS', 'get_preset']
