"""Walking stick figures for the synthetic pose corpus (issue 13).

The scene (motion, entering and leaving, depth order, pillars, camera
jitter, pixel noise) is :class:`SceneSimulator`'s; each object is drawn as an
articulated person instead of a textured shape: head, torso, two arms and
two legs whose swing follows a walking gait (the phase advances with the
distance walked). Every frame yields, per person, the named joints of COCO
and PoseTrack18 with their visibility: a joint is visible when its pixel
shows that person (not another person nearer the camera, not a pillar, not
outside the frame), as both benchmarks annotate only visible joints.
"""
from dataclasses import dataclass
from typing import Dict, Iterator, List, Optional

import cv2
import numpy as np

from .config import SceneConfig
from .scene import SceneSimulator

# every point a figure has; COCO and PoseTrack18 each use 17 of them
JOINT_NAMES = ('nose', 'left_eye', 'right_eye', 'left_ear', 'right_ear',
               'head_bottom', 'head_top', 'left_shoulder', 'right_shoulder',
               'left_elbow', 'right_elbow', 'left_wrist', 'right_wrist',
               'left_hip', 'right_hip', 'left_knee', 'right_knee',
               'left_ankle', 'right_ankle')
SKIN = (140, 170, 210)  # BGR


@dataclass
class PersonPose:
    """One person in one frame (image coordinates)."""
    id: int
    joints: Dict[str, np.ndarray]  # name -> (x, y)
    visible: Dict[str, bool]
    bbox: np.ndarray  # (x, y, w, h), amodal
    head_box: np.ndarray  # (x, y, w, h)
    mask: np.ndarray  # (H, W) bool, the visible pixels


@dataclass
class PoseFrame:
    image: np.ndarray
    people: List[PersonPose]


def figure_joints(h: float, phase: float, facing: float) -> Dict[str,
                                                                 np.ndarray]:
    """Joint positions of a figure ``h`` pixels tall, relative to the centre
    of its box, at gait ``phase`` (radians); ``facing`` is +1 (walking
    right) or -1. The figure is seen from the front, a little turned: its
    left side is on the image's right."""
    r = 0.07 * h  # head radius
    top = -0.5 * h
    head = np.array([0.0, top + r])
    leg_swing = 0.45 * np.sin(phase)
    j = dict(head_top=np.array([0.0, top]), head_bottom=head + [0, r],
             nose=head + [0.45 * r * facing, 0.15 * r],
             left_eye=head + [0.35 * r + 0.2 * r * facing, -0.2 * r],
             right_eye=head + [-0.35 * r + 0.2 * r * facing, -0.2 * r],
             left_ear=head + [0.9 * r, 0.0], right_ear=head + [-0.9 * r, 0.0])
    for side, sign, swing in (('left', 1, leg_swing), ('right', -1,
                                                        -leg_swing)):
        shoulder = np.array([0.11 * h * sign, -0.31 * h])
        hip = np.array([0.07 * h * sign, 0.02 * h])
        a = -swing * (0.5 / 0.45)  # the arm swings against its leg
        elbow = shoulder + 0.15 * h * np.array([np.sin(a) * facing,
                                                np.cos(a)])
        wrist = elbow + 0.14 * h * np.array([np.sin(a + 0.3 * facing),
                                             np.cos(a)])
        knee = hip + 0.24 * h * np.array([np.sin(swing) * facing,
                                          np.cos(swing)])
        bend = max(0.0, -swing) * 0.8
        ankle = knee + 0.24 * h * np.array([np.sin(swing - bend) * facing,
                                            np.cos(swing - bend)])
        j.update({f'{side}_shoulder': shoulder, f'{side}_hip': hip,
                  f'{side}_elbow': elbow, f'{side}_wrist': wrist,
                  f'{side}_knee': knee, f'{side}_ankle': ankle})
    return j


def draw_figure(canvas: np.ndarray, joints: Dict[str, np.ndarray],
                h: float, shirt, trousers, value=None) -> None:
    """Draw a figure (absolute joint positions) onto ``canvas``; with
    ``value`` every part is drawn in that one value (for label maps)."""
    def colour(c):
        return value if value is not None else tuple(int(v) for v in c)

    def pt(name):
        return tuple(int(round(v)) for v in joints[name])

    thick = max(2, int(round(0.06 * h)))
    for side in ('left', 'right'):
        cv2.line(canvas, pt(f'{side}_hip'), pt(f'{side}_knee'),
                 colour(trousers), thick + 1)
        cv2.line(canvas, pt(f'{side}_knee'), pt(f'{side}_ankle'),
                 colour(trousers), thick)
    torso = np.array([pt('left_shoulder'), pt('right_shoulder'),
                      pt('right_hip'), pt('left_hip')], np.int32)
    cv2.fillConvexPoly(canvas, torso, colour(shirt))
    cv2.line(canvas, pt('head_bottom'),
             tuple(int(round(v)) for v in (joints['left_shoulder'] +
                                           joints['right_shoulder']) / 2),
             colour(SKIN), thick)
    for side in ('left', 'right'):
        cv2.line(canvas, pt(f'{side}_shoulder'), pt(f'{side}_elbow'),
                 colour(shirt), thick)
        cv2.line(canvas, pt(f'{side}_elbow'), pt(f'{side}_wrist'),
                 colour(SKIN), max(2, thick - 1))
    centre = (joints['head_top'] + joints['head_bottom']) / 2
    radius = max(2, int(round(0.07 * h)))
    cv2.circle(canvas, tuple(int(round(v)) for v in centre), radius,
               colour(SKIN), -1)


class PoseSceneSimulator(SceneSimulator):
    """:class:`SceneSimulator` whose objects are walking figures."""

    def __init__(self, cfg: SceneConfig, rng: np.random.Generator) -> None:
        self.phases: Dict[int, float] = {}
        super().__init__(cfg, rng)

    def _clothes(self, obj):
        # the shape's colours: look-alikes wear nearly the same clothes
        return obj.appearance.colors[0], obj.appearance.colors[1]

    def _render_pose(self) -> PoseFrame:
        cfg = self.cfg
        image, label_map, cx, cy, order = self._canvas()
        placed = {}
        for label in order:
            obj = self.objects[label]
            phase = self.phases.setdefault(obj.id, float(
                self.rng.uniform(0, 2 * np.pi)))
            h = obj.h * self.scale(obj)
            rel = figure_joints(h, phase, 1.0 if obj.vx >= 0 else -1.0)
            joints = {k: v + [obj.x - cx, obj.y - cy] for k, v in rel.items()}
            shirt, trousers = self._clothes(obj)
            draw_figure(image, joints, h, shirt, trousers)
            draw_figure(label_map, joints, h, None, None, value=label)
            placed[label] = joints
        image = self._finish(image, label_map, cx)
        people = []
        for label, joints in placed.items():
            obj = self.objects[label]
            mask = label_map == label
            if not mask.any():
                continue  # out of view or hidden: not annotated
            visible = {}
            for name, (x, y) in joints.items():
                xi, yi = int(round(x)), int(round(y))
                y0, y1 = max(yi - 1, 0), min(yi + 2, cfg.height)
                x0, x1 = max(xi - 1, 0), min(xi + 2, cfg.width)
                visible[name] = bool(0 <= xi < cfg.width and
                                     0 <= yi < cfg.height and
                                     mask[y0:y1, x0:x1].any())
            pts = np.array(list(joints.values()))
            h = obj.h * self.scale(obj)
            pad = 0.05 * h
            x0, y0 = pts.min(0) - pad
            x1, y1 = pts.max(0) + pad
            r = 0.07 * h
            centre = (joints['head_top'] + joints['head_bottom']) / 2
            people.append(PersonPose(
                id=obj.id, joints=joints, visible=visible,
                bbox=np.array([x0, y0, x1 - x0, y1 - y0]),
                head_box=np.array([centre[0] - r, centre[1] - r, 2 * r,
                                   2 * r]),
                mask=mask))
        return PoseFrame(image, people)

    def pose_frames(self) -> Iterator[PoseFrame]:
        for t in range(self.cfg.num_frames):
            if t > 0:
                self._move()
                for obj in self.objects:
                    # one stride (2 pi) per ~1.2 body heights walked
                    if obj.stop_left:
                        continue  # standing still
                    step = np.hypot(obj.vx, obj.vy) / (0.6 * obj.h) * np.pi
                    self.phases[obj.id] = self.phases.get(obj.id, 0.0) + step
            yield self._render_pose()


def simulate_pose(cfg: SceneConfig, seed,
                  num_frames: Optional[int] = None) -> Iterator[PoseFrame]:
    """Pose frames of the scene determined by ``cfg`` and ``seed``."""
    if num_frames is not None:
        cfg = cfg.updated(num_frames=num_frames)
    return PoseSceneSimulator(cfg, np.random.default_rng(seed)).pose_frames()
