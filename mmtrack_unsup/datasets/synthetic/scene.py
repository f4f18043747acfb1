"""Simulation and rendering of a synthetic multi-object scene.

Objects have textured appearances (some copied from earlier objects, the
*look-alikes*), move with drifting velocities, enter from and leave through
the frame edges, and occlude one another in depth order (the lower an
object's bottom edge, the nearer it is, as on a ground plane). Static
occluders hide objects completely for a while. Every frame yields the image,
the amodal ground-truth boxes with their visibility, and a label map from
which per-object visible masks are cut.
"""
from dataclasses import dataclass
from typing import Dict, Iterator, List, Optional

import cv2
import numpy as np

from .config import SceneConfig

SHAPES = ('rectangle', 'ellipse', 'triangle', 'diamond')
TEXTURES = ('plain', 'hstripes', 'vstripes', 'checker', 'dots')
OCCLUDER_LABEL = -2


@dataclass
class Appearance:
    """What an object looks like; ``shape`` doubles as its VIS category."""
    shape: str
    colors: np.ndarray  # (3, 3) uint8: top, bottom, texture colour
    texture: str
    period: int

    def perturbed(self, rng: np.random.Generator) -> 'Appearance':
        """A look-alike: the same pattern with colours moved a little."""
        colors = np.clip(self.colors.astype(int) +
                         rng.integers(-12, 13, size=(3, 3)), 0, 255)
        return Appearance(self.shape, colors.astype(np.uint8), self.texture,
                          self.period)


@dataclass
class SceneObject:
    id: int
    appearance: Appearance
    w: float
    h: float
    x: float  # box centre in scene coordinates
    y: float
    vx: float
    vy: float
    speed: float
    on_band: bool
    patch: np.ndarray = None  # (h, w, 3) uint8
    mask: np.ndarray = None  # (h, w) bool
    stop_left: int = 0  # frames it still stands still


@dataclass
class FrameObject:
    """Ground truth of one object in one frame (image coordinates)."""
    id: int
    bbox: np.ndarray  # (x, y, w, h), amodal, may extend outside the image
    visibility: float  # visible pixels / full shape pixels
    category: str
    label: int  # value of this object in ``SceneFrame.label_map``


@dataclass
class SceneFrame:
    image: np.ndarray  # (H, W, 3) uint8, BGR
    objects: List[FrameObject]
    label_map: np.ndarray  # (H, W) int32: object label, -1 bg, -2 occluder

    def visible_mask(self, obj: FrameObject) -> np.ndarray:
        return self.label_map == obj.label


def _random_appearance(rng: np.random.Generator) -> Appearance:
    return Appearance(
        shape=SHAPES[rng.integers(len(SHAPES))],
        colors=rng.integers(0, 256, size=(3, 3)).astype(np.uint8),
        texture=TEXTURES[rng.integers(len(TEXTURES))],
        period=int(rng.integers(4, 10)))


def render_patch(app: Appearance, w: int, h: int):
    """Pixels and shape mask of an object of size ``w`` x ``h``."""
    patch = np.empty((h, w, 3), np.uint8)
    split = int(round(h * 0.55))
    patch[:split] = app.colors[0]
    patch[split:] = app.colors[1]
    yy, xx = np.mgrid[0:h, 0:w]
    p = app.period
    pattern = {
        'plain': np.zeros((h, w), bool),
        'hstripes': (yy // p) % 2 == 0,
        'vstripes': (xx // p) % 2 == 0,
        'checker': ((yy // p) + (xx // p)) % 2 == 0,
        'dots': ((yy % (2 * p)) < p // 2 + 1) & ((xx % (2 * p)) < p // 2 + 1),
    }[app.texture]
    pattern[split:] = False
    patch[pattern] = app.colors[2]
    cx, cy = (w - 1) / 2, (h - 1) / 2
    nx, ny = (xx - cx) / max(w / 2, 1), (yy - cy) / max(h / 2, 1)
    mask = {
        'rectangle': np.ones((h, w), bool),
        'ellipse': nx**2 + ny**2 <= 1.0,
        'triangle': np.abs(nx) <= (ny + 1) / 2 + 0.05,
        'diamond': np.abs(nx) + np.abs(ny) <= 1.05,
    }[app.shape]
    return patch, mask


def _make_background(rng: np.random.Generator, width: int,
                     height: int) -> np.ndarray:
    coarse = rng.integers(40, 200, size=(6, 10, 3)).astype(np.float32)
    bg = cv2.resize(coarse, (width, height), interpolation=cv2.INTER_CUBIC)
    for _ in range(8):  # a few static structures (walls, kerbs)
        x0, y0 = rng.integers(0, width), rng.integers(0, height)
        x1 = x0 + rng.integers(20, width // 3)
        y1 = y0 + rng.integers(5, height // 6)
        cv2.rectangle(bg, (int(x0), int(y0)), (int(x1), int(y1)),
                      rng.integers(30, 220, size=3).tolist(), -1)
    return np.clip(bg, 0, 255).astype(np.uint8)


class SceneSimulator:
    """Simulates ``cfg.num_frames`` frames of one scene, deterministically
    for a given random generator.

    Args:
        cfg (SceneConfig): Scene parameters.
        rng (np.random.Generator): Source of all randomness.
    """

    def __init__(self, cfg: SceneConfig, rng: np.random.Generator) -> None:
        self.cfg, self.rng = cfg, rng
        # pixel noise has its own stream: rendering options never change the
        # scene's geometry
        self.noise_rng = np.random.default_rng(rng.integers(2**63))
        self.margin = int(4 * cfg.camera_jitter) + 8
        self.background = _make_background(rng, cfg.width + 2 * self.margin,
                                           cfg.height + 2 * self.margin)
        self.band_y = rng.uniform(0.45, 0.7) * cfg.height
        self.occluders = []
        for _ in range(cfg.num_occluders):
            w = rng.uniform(0.06, 0.12) * cfg.width
            x = rng.uniform(0.15, 0.85) * cfg.width
            color = rng.integers(30, 220, size=3).tolist()
            self.occluders.append((x - w / 2, x + w / 2, color))
        self.objects: List[SceneObject] = []
        self.appearances: List[Appearance] = []
        self.next_id = 1
        self.camera = np.zeros(2)
        for _ in range(cfg.num_initial):
            self._spawn(at_edge=False)

    def _spawn(self, at_edge: bool) -> None:
        cfg, rng = self.cfg, self.rng
        h = rng.uniform(*cfg.object_height)
        w = h * rng.uniform(*cfg.aspect)
        speed = rng.uniform(*cfg.speed)
        on_band = bool(rng.random() < cfg.occlusion_rate)
        if at_edge:
            direction = 1.0 if rng.random() < 0.5 else -1.0
            x = -w / 2 + 2 if direction > 0 else cfg.width + w / 2 - 2
        else:
            direction = 1.0 if rng.random() < 0.5 else -1.0
            x = rng.uniform(w / 2, cfg.width - w / 2)
        if on_band:
            y = self.band_y + rng.normal(0, 0.04 * cfg.height)
            vx, vy = direction * speed, rng.normal(0, 0.05)
        else:
            y = rng.uniform(h / 2, cfg.height - h / 2)
            angle = rng.normal(0, 0.5)
            vx = direction * speed * np.cos(angle)
            vy = speed * np.sin(angle)
        y = float(np.clip(y, h / 2, cfg.height - h / 2))
        if self.appearances and rng.random() < cfg.lookalike_rate:
            source = self.appearances[rng.integers(len(self.appearances))]
            app = source.perturbed(rng)
        else:
            app = _random_appearance(rng)
        self.appearances.append(app)
        obj = SceneObject(self.next_id, app, w, h, x, y, vx, vy, speed,
                          on_band)
        obj.patch, obj.mask = render_patch(app, int(round(w)), int(round(h)))
        self.objects.append(obj)
        self.next_id += 1
        if cfg.group_rate > 0 and rng.random() < cfg.group_rate:
            for _ in range(int(rng.integers(1, 3))):
                if len(self.objects) >= cfg.max_objects:
                    break  # the cap holds for groups too
                self._spawn_companion(obj)

    def _spawn_companion(self, leader: SceneObject) -> None:
        """Someone walking beside ``leader``: the same velocity, a little
        nearer or further (another ground position) and a little ahead or
        behind, so the two overlap in the picture."""
        cfg, rng = self.cfg, self.rng
        h = float(np.clip(leader.h * rng.uniform(0.85, 1.15),
                          *cfg.object_height))
        w = h * rng.uniform(*cfg.aspect)
        side = 1.0 if rng.random() < 0.5 else -1.0
        y = leader.y + side * rng.uniform(0.08, 0.2) * leader.h
        y = float(np.clip(y, h / 2, cfg.height - h / 2))
        x = leader.x + rng.uniform(-0.4, 0.4) * leader.w
        app = _random_appearance(rng)
        self.appearances.append(app)
        obj = SceneObject(self.next_id, app, w, h, x, y, leader.vx,
                          leader.vy, leader.speed, leader.on_band)
        obj.patch, obj.mask = render_patch(app, int(round(w)), int(round(h)))
        self.objects.append(obj)
        self.next_id += 1

    def scale(self, obj: SceneObject) -> float:
        """Drawn size over the object's own size (``cfg.perspective``)."""
        if not self.cfg.perspective:
            return 1.0
        return 1.0 + self.cfg.perspective * (obj.y / self.cfg.height - 0.5)

    def _drawn(self, obj: SceneObject):
        """Pixels and mask of ``obj`` at its drawn size."""
        s = self.scale(obj)
        if s == 1.0:
            return obj.patch, obj.mask
        return render_patch(obj.appearance, max(2, int(round(obj.w * s))),
                            max(2, int(round(obj.h * s))))

    def _move(self) -> None:
        cfg, rng = self.cfg, self.rng
        for obj in self.objects:
            if obj.stop_left > 0:
                obj.stop_left -= 1
                continue
            if cfg.stop_prob > 0 and rng.random() < cfg.stop_prob:
                obj.stop_left = int(rng.integers(cfg.stop_frames[0],
                                                 cfg.stop_frames[1] + 1))
                continue
            if rng.random() < cfg.turn_prob:
                angle = rng.normal(0, 0.3 if obj.on_band else 1.0)
                sign = np.sign(obj.vx) or 1.0
                if rng.random() < 0.3:
                    sign = -sign  # turns around
                obj.vx = sign * obj.speed * np.cos(angle)
                obj.vy = obj.speed * np.sin(angle)
            obj.vx += rng.normal(0, cfg.accel_std)
            obj.vy += rng.normal(0, cfg.accel_std * (0.3 if obj.on_band
                                                     else 1.0))
            # speeds drift but revert towards the object's own pace
            norm = np.hypot(obj.vx, obj.vy) + 1e-6
            scale = (obj.speed / norm)**0.1
            obj.vx, obj.vy = obj.vx * scale, obj.vy * scale
            obj.x += obj.vx
            obj.y += obj.vy
            if obj.y < obj.h / 2 or obj.y > cfg.height - obj.h / 2:
                obj.vy = -obj.vy  # people stay on the ground
                obj.y = float(np.clip(obj.y, obj.h / 2,
                                      cfg.height - obj.h / 2))
            if cfg.stay_in_view and not (obj.w / 2 <= obj.x <=
                                         cfg.width - obj.w / 2):
                obj.vx = -obj.vx  # turns back at the frame edge
                obj.x = float(np.clip(obj.x, obj.w / 2,
                                      cfg.width - obj.w / 2))
        self.objects = [
            o for o in self.objects
            if -o.w / 2 < o.x < cfg.width + o.w / 2
        ]
        if len(self.objects) < cfg.max_objects:
            for _ in range(min(rng.poisson(cfg.spawn_rate),
                               cfg.max_objects - len(self.objects))):
                self._spawn(at_edge=True)
        jitter = cfg.camera_jitter
        if jitter > 0:
            self.camera = np.clip(0.9 * self.camera + rng.normal(0, jitter, 2),
                                  -self.margin + 1, self.margin - 1)

    def _canvas(self):
        """The background under the camera, an empty label map, the camera
        offset (whole pixels) and the objects' drawing order: far (small
        bottom y) first, so nearer objects paint over them."""
        cfg, m = self.cfg, self.margin
        cx, cy = int(round(self.camera[0])), int(round(self.camera[1]))
        image = self.background[m + cy:m + cy + cfg.height,
                                m + cx:m + cx + cfg.width].copy()
        label_map = np.full((cfg.height, cfg.width), -1, np.int32)
        order = sorted(range(len(self.objects)),
                       key=lambda i: self.objects[i].y + self.objects[i].h / 2)
        return image, label_map, cx, cy, order

    def _finish(self, image: np.ndarray, label_map: np.ndarray,
                cx: int) -> np.ndarray:
        """The pillars in front of everything, then pixel noise."""
        cfg = self.cfg
        for x0, x1, color in self.occluders:
            a, b = int(round(x0)) - cx, int(round(x1)) - cx
            a, b = max(a, 0), min(b, cfg.width)
            if b > a:
                image[:, a:b] = color
                label_map[:, a:b] = OCCLUDER_LABEL
        if cfg.noise_std > 0:
            noise = self.noise_rng.standard_normal(image.shape, np.float32)
            image = np.clip(image + cfg.noise_std * noise, 0,
                            255).astype(np.uint8)
        return image

    def _render(self) -> SceneFrame:
        cfg = self.cfg
        image, label_map, cx, cy, order = self._canvas()
        boxes: Dict[int, np.ndarray] = {}
        shapes = {}
        for label in order:
            obj = self.objects[label]
            patch, shape_mask = self._drawn(obj)
            shapes[label] = shape_mask
            ph, pw = shape_mask.shape
            x0 = int(round(obj.x - pw / 2)) - cx
            y0 = int(round(obj.y - ph / 2)) - cy
            boxes[label] = np.array([x0, y0, pw, ph], np.float64)
            sx0, sy0 = max(0, -x0), max(0, -y0)
            dx0, dy0 = max(0, x0), max(0, y0)
            dx1, dy1 = min(cfg.width, x0 + pw), min(cfg.height, y0 + ph)
            if dx1 <= dx0 or dy1 <= dy0:
                continue
            mask = shape_mask[sy0:sy0 + dy1 - dy0, sx0:sx0 + dx1 - dx0]
            region = image[dy0:dy1, dx0:dx1]
            region[mask] = patch[sy0:sy0 + dy1 - dy0,
                                 sx0:sx0 + dx1 - dx0][mask]
            label_map[dy0:dy1, dx0:dx1][mask] = label
        image = self._finish(image, label_map, cx)
        visible = np.bincount(label_map[label_map >= 0].ravel(),
                              minlength=len(self.objects))
        objects = []
        for label, obj in enumerate(self.objects):
            x, y, w, h = boxes[label]
            if x + w <= 0 or y + h <= 0 or x >= cfg.width or y >= cfg.height:
                continue  # entirely out of view: not in the ground truth
            objects.append(FrameObject(
                id=obj.id, bbox=boxes[label],
                visibility=float(visible[label] / shapes[label].sum()),
                category=obj.appearance.shape, label=label))
        return SceneFrame(image, objects, label_map)

    def frames(self) -> Iterator[SceneFrame]:
        """Yield ``cfg.num_frames`` rendered frames."""
        for t in range(self.cfg.num_frames):
            if t > 0:
                self._move()
            yield self._render()


def simulate(cfg: SceneConfig, seed, num_frames: Optional[int] = None
             ) -> Iterator[SceneFrame]:
    """Frames of the scene determined by ``cfg`` and ``seed`` (an int or a
    sequence of ints, e.g. ``(split_seed, sequence_index)``)."""
    if num_frames is not None:
        cfg = cfg.updated(num_frames=num_frames)
    return SceneSimulator(cfg, np.random.default_rng(seed)).frames()
