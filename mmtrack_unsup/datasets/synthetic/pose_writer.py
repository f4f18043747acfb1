"""Writes the synthetic pose corpus in the real benchmarks' formats.

* ``write_posetrack18``: PoseTrack18's layout, one json per video:
  ``{root}/images/{split}/{video}/{frame:06d}.jpg`` and
  ``{root}/annotations/{split}/{video}.json`` with its ``images`` fields
  (``vid_id``, ``frame_id``, ``nframes``, ``is_labeled``, ignore regions),
  ``annotations`` (``track_id``, ``bbox``, ``bbox_head``, 17 keypoints in
  PoseTrack18's order with flag 1 for annotated joints; the ears are never
  annotated, as in PoseTrack18) and its one ``person`` category.
* ``write_coco_keypoints``: COCO 2017's
  ``{root}/annotations/person_keypoints_{split}.json`` and
  ``{root}/{split}/{id:012d}.jpg``: single labeled images, the training
  input of the paper's pose model (Fu et al., Sec. 4.1), 17 COCO keypoints
  (flag 2 for visible joints; hidden ones are left unlabeled, 0).

Only visible joints are labeled, as both benchmarks annotate.
"""
import os
import os.path as osp
from typing import List

import cv2

from mmtrack_unsup.utils import dump_json_atomic
from mmtrack_unsup.utils.progress import track_iter
from .config import SceneConfig
from ..formats import posetrack18_image_id
from .coco_writer import polygon_annotation, write_coco_file
from .pose_scene import PersonPose, simulate_pose

COCO_KEYPOINTS = ('nose', 'left_eye', 'right_eye', 'left_ear', 'right_ear',
                  'left_shoulder', 'right_shoulder', 'left_elbow',
                  'right_elbow', 'left_wrist', 'right_wrist', 'left_hip',
                  'right_hip', 'left_knee', 'right_knee', 'left_ankle',
                  'right_ankle')
POSETRACK18_KEYPOINTS = ('nose', 'head_bottom', 'head_top', 'left_ear',
                         'right_ear') + COCO_KEYPOINTS[5:]
# 1-based joint pairs, as both files list them
SKELETON = [[16, 14], [14, 12], [17, 15], [15, 13], [12, 13], [6, 12],
            [7, 13], [6, 7], [6, 8], [7, 9], [8, 10], [9, 11], [2, 3],
            [1, 2], [1, 3], [2, 4], [3, 5], [4, 6], [5, 7]]
UNANNOTATED = {'posetrack18': ('left_ear', 'right_ear'), 'coco': ()}


def _person_category(names) -> List[dict]:
    return [dict(supercategory='person', id=1, name='person',
                 keypoints=list(names), skeleton=SKELETON)]


def keypoint_list(person: PersonPose, names, flag: int,
                  never: tuple = ()) -> List[float]:
    """``[x, y, v] * 17``: (x, y, flag) for a visible joint, zeros
    otherwise."""
    out = []
    for name in names:
        if person.visible[name] and name not in never:
            x, y = person.joints[name]
            out += [round(float(x), 2), round(float(y), 2), flag]
        else:
            out += [0.0, 0.0, 0]
    return out


def _box(b) -> List[float]:
    return [round(float(v), 2) for v in b]


def write_posetrack18(out_root: str, split: str, num_videos: int, seed: int,
                      cfg: SceneConfig, first_vid: int = 1,
                      progress: bool = True) -> List[str]:
    """Write ``num_videos`` videos (video ``k`` seeded by ``(seed, k)``);
    returns the per-video json paths."""
    paths = []
    for k in track_iter(range(num_videos), f'{split}: pose videos', progress):
        vid = first_vid + k
        name = f'{vid:06d}_synthetic_{split}'
        img_dir = osp.join(out_root, 'images', split, name)
        os.makedirs(img_dir, exist_ok=True)
        images, annotations = [], []
        for t, frame in enumerate(simulate_pose(cfg, (seed, k))):
            image_id = posetrack18_image_id(vid, t)
            fname = f'images/{split}/{name}/{t:06d}.jpg'
            cv2.imwrite(osp.join(out_root, fname), frame.image,
                        [cv2.IMWRITE_JPEG_QUALITY, 92])
            images.append(dict(
                has_no_densepose=True, is_labeled=True, file_name=fname,
                nframes=cfg.num_frames, frame_id=image_id,
                vid_id=f'{vid:06d}', ignore_regions_y=[],
                ignore_regions_x=[], id=image_id))
            for person in frame.people:
                kpts = keypoint_list(person, POSETRACK18_KEYPOINTS, 1,
                                     UNANNOTATED['posetrack18'])
                if not any(kpts[2::3]):
                    continue  # no annotated joint
                annotations.append(dict(
                    bbox_head=_box(person.head_box), keypoints=kpts,
                    track_id=person.id - 1, image_id=image_id,
                    bbox=_box(person.bbox), scores=[], category_id=1,
                    id=image_id * 100 + person.id - 1))
        path = osp.join(out_root, 'annotations', split, f'{name}.json')
        dump_json_atomic(dict(
            images=images, annotations=annotations,
            categories=_person_category(POSETRACK18_KEYPOINTS)), path)
        paths.append(path)
    return paths


def write_coco_keypoints(out_root: str, split: str, num_images: int,
                         seed: int, cfg: SceneConfig,
                         progress: bool = True) -> str:
    """Write ``num_images`` labeled images; image ``k`` is a random moment
    of the pose scene seeded by ``(seed, k)``."""

    def last_frame(cfg, seed, warmup):
        *_, frame = simulate_pose(cfg, seed, num_frames=warmup)
        return frame

    def annotate(frame):
        for person in frame.people:
            kpts = keypoint_list(person, COCO_KEYPOINTS, 2)
            num = int(sum(v > 0 for v in kpts[2::3]))
            ann = polygon_annotation(person.mask)
            if num and ann is not None:
                yield dict(ann, num_keypoints=num, keypoints=kpts,
                           category_id=1)

    return write_coco_file(out_root, split, num_images, seed, cfg,
                           last_frame, annotate, 'person_keypoints',
                           _person_category(COCO_KEYPOINTS),
                           'mmtrack_unsup synthetic COCO keypoints', progress)
