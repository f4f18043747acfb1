"""Clips of unlabeled video with detections: the training input of
cross-input consistency (Bastani et al., Sec. 3.2)."""
import os.path as osp
from collections import defaultdict
from typing import List, Optional, Sequence

import numpy as np
from mmdet.evaluation.functional import bbox_overlaps
from mmdet.registry import DATASETS
from mmengine.dataset import BaseDataset
from mmengine.logging import print_log

from mmtrack_unsup.utils import DataFormatError, SkipCounter
from .detection_file import (box_problem, load_detection_file, read_detection,
                             refined_detection_path)
from .score_normalisation import (check_score_normalisation,
                                  normalise_scores)


@DATASETS.register_module()
class UnlabeledClipDataset(BaseDataset):
    """Random clips I0..In of videos, with each frame's detections.

    Reads only a CocoVID *detections* file (``*_detections.json`` from our
    converters: ``videos``, ``images``, ``annotations`` with ``score``); no
    ground truth is read. Item ``i`` is a clip starting at the ``i``-th
    valid start frame, of ``n + 1`` frames with ``n`` drawn uniformly from
    ``clip_len`` (4..16 in the paper, Sec. 5) and cut short at the end of the
    video. ``n`` is about half the time objects stay in view; estimate it
    with ``tools/analysis_tools/estimate_clip_length.py``.

    *Artificial detections* (Sec. 3.2): for every detection of In, a crop
    that shows no object of the clip is paired with the In box, so that the
    spatial input cannot tell it from its real twin and the visual input
    must. Where the crop comes from is ``artificial_source``:

    * ``'far_frames'`` (the paper's rule, default): a random detection of a
      frame more than ``far_gap`` frames away from the clip, in the same
      video if it has such frames, else in another video. It assumes that
      people far away in time are other people, which fails when the same
      few people stay in view for the whole video (a long shot of a street
      corner): the "artificial" crop then shows someone who is in the clip
      (47% of them on the TUD videos, 95% on the synthetic ``stay``
      preset). A user reported training stuck at the uniform solution on
      such a video; every such set tried here still learned with this rule
      (docs/cross_input/experiments.md, "Artificial detections when nobody
      leaves"), so it stays the default and the two below are options.
    * ``'other_videos'``: a random detection of another video (needs two
      videos or more; different videos rarely share people).
    * ``'background'``: a box of the In detection's size at a random place
      of a random frame of the same video where it overlaps no detection
      (IoU at most ``background_max_iou``): certainly nobody of the clip,
      in any footage, but an easier negative than a person.

    Clip lengths and artificial crops are drawn from numpy's global stream,
    which mmengine seeds per data-loader worker; ``--resume`` replays the
    data loader, so a resumed run draws the same clips.

    Args:
        ann_file (str): The detections json.
        clip_len (Sequence[int]): ``(min_n, max_n)``. Defaults to (4, 16).
        det_score_thr (float): Ignore detections scoring below this.
            Defaults to 0.
        far_gap (int): The frames that give artificial crops lie more than
            this many frames before or after the clip. Defaults to 50.
        artificial (bool): Add artificial detections. Defaults to True.
        artificial_source (str): ``'far_frames'`` (the paper),
            ``'other_videos'`` or ``'background'``, see above.
        background_max_iou (float): Largest IoU of a background crop with
            a detection of its frame. Defaults to 0.1.
        det_classes (Sequence[str], optional): Keep only detections of
            these category names (the KITTI car config: ``('Car', )``, as
            the paper trains on cars); a name the file does not have is an
            error. Defaults to None: every detection.
        score_normalisation (str, optional): ``'rank'`` puts every public
            detector's scores on one scale before ``det_score_thr`` applies
            (:func:`normalise_scores`; the MOT17 config, whose DPM scores
            are SVM margins). Defaults to None: the file's scores.
        public_det_refinement (str, optional): ``'tracktor'`` reads the
            Tracktor++-refined copy of the detections (paper A, Sec. 5),
            ``X_detections_tracktor.json`` beside ``X_detections.json``,
            written by ``tools/dataset_converters/refine_detections.py``
            (:class:`PublicDetectionRefiner`); a missing copy is an error
            naming that command. Defaults to None: the file as converted.
    """
    ARTIFICIAL_SOURCES = ('far_frames', 'other_videos', 'background')
    METAINFO = dict(classes=('object', ))

    def __init__(self,
                 ann_file: str,
                 clip_len: Sequence[int] = (4, 16),
                 det_score_thr: float = 0.0,
                 far_gap: int = 50,
                 artificial: bool = True,
                 artificial_source: str = 'far_frames',
                 background_max_iou: float = 0.1,
                 det_classes: Optional[Sequence[str]] = None,
                 score_normalisation: Optional[str] = None,
                 public_det_refinement: Optional[str] = None,
                 **kwargs) -> None:
        self.score_normalisation = check_score_normalisation(
            score_normalisation)
        self.public_det_refinement = public_det_refinement
        if artificial_source not in self.ARTIFICIAL_SOURCES:
            raise ValueError(f'artificial_source must be one of '
                             f'{self.ARTIFICIAL_SOURCES}, got '
                             f'{artificial_source!r}')
        if clip_len[0] < 1 or clip_len[1] < clip_len[0]:
            raise ValueError(f'clip_len must be (min, max) with 1 <= min <= '
                             f'max, got {clip_len}')
        self.clip_len = tuple(clip_len)
        self.det_score_thr = det_score_thr
        self.far_gap = far_gap
        self.artificial = artificial
        self.artificial_source = artificial_source
        self.background_max_iou = background_max_iou
        self.det_classes = None if det_classes is None else tuple(
            det_classes)
        self.skips = SkipCounter()
        super().__init__(ann_file=ann_file, **kwargs)

    def _category_ids(self, data: dict, path: str) -> Optional[set]:
        """Ids of ``det_classes`` in the file's categories (None: all)."""
        if self.det_classes is None:
            return None
        ids = {c['name']: c['id'] for c in data.get('categories', [])}
        missing = [n for n in self.det_classes if n not in ids]
        if missing:
            raise DataFormatError(
                path, f'det_classes {missing} are not among its categories '
                f'{sorted(ids)}', field='categories')
        return {ids[n] for n in self.det_classes}

    def load_data_list(self) -> List[dict]:
        path = refined_detection_path(self.ann_file,
                                      self.public_det_refinement)
        data = load_detection_file(path)
        normalise_scores(data, self.score_normalisation)
        frames = defaultdict(list)
        for i, img in enumerate(data['images']):
            for key in ('id', 'video_id', 'frame_id', 'file_name', 'width',
                        'height'):
                if key not in img:
                    raise DataFormatError(path, f'missing {key!r}',
                                          field=f'images[{i}]')
            frames[img['video_id']].append(img)
        size_of = {img['id']: (img['width'], img['height'])
                   for img in data['images']}
        dets, below_thr = defaultdict(list), 0
        keep_cats = self._category_ids(data, path)
        for i, ann in enumerate(data['annotations']):
            x1, y1, x2, y2, score = read_detection(ann, path, i)
            if keep_cats is not None and ann.get('category_id') not in \
                    keep_cats:
                continue  # a class this training does not learn
            if ann['image_id'] not in size_of:
                raise DataFormatError(path, f'image_id {ann["image_id"]} is '
                                      'not in images',
                                      field=f'annotations[{i}].image_id')
            problem = box_problem(x1, y1, x2, y2, *size_of[ann['image_id']])
            if problem:
                self.skips.skip(problem, f'{path} annotations[{i}]')
                continue
            if not np.isfinite(score):
                self.skips.skip('detection with NaN score',
                                f'{path} annotations[{i}]')
                continue
            if score < self.det_score_thr:
                below_thr += 1  # a setting, not bad data: not a skip
                continue
            dets[ann['image_id']].append([x1, y1, x2, y2])
        videos = []
        prefix = self.data_prefix.get('img_path', '')
        for video in data['videos']:
            imgs = sorted(frames[video['id']], key=lambda x: x['frame_id'])
            if len(imgs) < self.clip_len[0] + 1:
                self.skips.skip(
                    f'video shorter than clip_len[0] + 1 = '
                    f'{self.clip_len[0] + 1} frames', video.get('name'))
                continue
            videos.append(dict(
                name=video.get('name', str(video['id'])),
                width=imgs[0]['width'], height=imgs[0]['height'],
                img_paths=[osp.join(prefix, im['file_name']) for im in imgs],
                bboxes=[np.array(dets[im['id']], np.float32).reshape(-1, 4)
                        for im in imgs]))
        if self.skips.total:
            print_log(f'{path}: {self.skips.summary()}', 'current')
        if not videos:
            raise DataFormatError(path, 'no video long enough for clips of '
                                  f'{self.clip_len[0] + 1} frames')
        if (self.artificial and self.artificial_source == 'other_videos'
                and len(videos) < 2):
            raise DataFormatError(
                path, f'{len(videos)} video: artificial_source='
                "'other_videos' needs two or more; use 'background' (or "
                "the paper's 'far_frames')")
        self.videos = videos
        # one item per possible clip start
        data_list = [dict(video=v, start=s) for v, video in enumerate(videos)
                     for s in range(len(video['img_paths']) -
                                    self.clip_len[0])]
        if not any(len(videos[d['video']]['bboxes'][d['start']])
                   for d in data_list):
            # else every clip is refused and mmengine's "Cannot find valid
            # image" would point at the image paths
            raise DataFormatError(
                path, f'no clip can start: none of the {len(data_list)} '
                f'possible start frames has a usable detection '
                f'({len(data["annotations"])} annotations, {below_thr} '
                f'below det_score_thr={self.det_score_thr}; '
                f'{self.skips.summary()})')
        return data_list

    def _other_video_frames(self, video_idx: int) -> List[tuple]:
        return [(v, t) for v, vid in enumerate(self.videos) if v != video_idx
                for t in range(len(vid['img_paths'])) if len(vid['bboxes'][t])]

    def _background(self, video_idx: int, sizes: np.ndarray) -> dict:
        """Boxes of the given ``(w, h)`` sizes where no detection is, each
        in a random frame of the video."""
        video = self.videos[video_idx]
        width, height = video['width'], video['height']
        paths, boxes = [], []
        for w, h in sizes:
            w, h = min(w, width - 1), min(h, height - 1)
            t = np.random.randint(len(video['img_paths']))
            dets = video['bboxes'][t]
            best, best_iou = None, np.inf
            for _ in range(20):  # rejection sampling; keep the emptiest
                x = np.random.uniform(0, width - w)
                y = np.random.uniform(0, height - h)
                box = np.array([x, y, x + w, y + h], np.float32)
                iou = (bbox_overlaps(box[None], dets).max()
                       if len(dets) else 0.0)
                if iou < best_iou:
                    best, best_iou = box, iou
                if iou <= self.background_max_iou:
                    break
            paths.append(video['img_paths'][t])
            boxes.append(best)
        return dict(img_paths=paths,
                    bboxes=np.array(boxes, np.float32).reshape(-1, 4))

    def _artificial(self, video_idx: int, start: int, end: int,
                    num: int, last_boxes: np.ndarray) -> dict:
        """``num`` crops that show no object of the clip (see
        ``artificial_source``)."""
        if num == 0:
            return dict(img_paths=[], bboxes=np.zeros((0, 4), np.float32))
        if self.artificial_source == 'background':
            return self._background(
                video_idx, last_boxes[:, 2:] - last_boxes[:, :2])
        video = self.videos[video_idx]
        sources = []
        if self.artificial_source == 'far_frames':
            sources = [(video_idx, t)
                       for t in range(len(video['img_paths']))
                       if (t < start - self.far_gap or t > end + self.far_gap)
                       and len(video['bboxes'][t])]
        if not sources:  # other videos (or a short video: the paper's rule)
            sources = self._other_video_frames(video_idx)
        if not sources:
            return dict(img_paths=[], bboxes=np.zeros((0, 4), np.float32))
        picks = np.random.randint(len(sources), size=num)
        paths, boxes = [], []
        for p in picks:
            v, t = sources[p]
            vid = self.videos[v]
            paths.append(vid['img_paths'][t])
            boxes.append(vid['bboxes'][t][np.random.randint(
                len(vid['bboxes'][t]))])
        return dict(img_paths=paths, bboxes=np.stack(boxes))

    def get_data_info(self, idx: int) -> Optional[dict]:
        item = super().get_data_info(idx)
        video = self.videos[item['video']]
        start = item['start']
        n = np.random.randint(self.clip_len[0], self.clip_len[1] + 1)
        end = min(start + n, len(video['img_paths']) - 1)
        if len(video['bboxes'][start]) == 0:
            return None  # no track can start: BaseDataset draws another clip
        info = dict(video_name=video['name'], start=start,
                    width=video['width'], height=video['height'],
                    img_paths=video['img_paths'][start:end + 1],
                    bboxes=video['bboxes'][start:end + 1])
        num_art = len(info['bboxes'][-1]) if self.artificial else 0
        art = self._artificial(item['video'], start, end, num_art,
                               info['bboxes'][-1])
        info['artificial_img_paths'] = art['img_paths']
        info['artificial_src_bboxes'] = art['bboxes']
        return info

    def prepare_data(self, idx: int):
        info = self.get_data_info(idx)
        return None if info is None else self.pipeline(info)
