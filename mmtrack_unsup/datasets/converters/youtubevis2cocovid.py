"""YouTube-VIS 2019/2021 json -> CocoVID json for mmdet's YouTubeVISDataset.

Same output as mmdet's ``tools/dataset_converters/youtubevis2coco.py``
(``videos``, ``images`` with ``frame_id``, per-frame ``annotations`` with
``instance_id`` and ``segmentation``), plus what that script lacks: input
validation that names the field, a category subset (the 20 YouTube-VIS 2019
classes that overlap COCO, used by SOLO-Track, Fu et al. CVPR 2021, Sec. 4.1),
counted skips, and an atomic write.
"""
import os.path as osp
from collections import defaultdict
from typing import Dict, Optional, Sequence, Union

import pycocotools.mask as mask_utils

from mmtrack_unsup.utils import (DataFormatError, SkipCounter,
                                 check_output_dir, dump_json_atomic,
                                 load_json)

# The SOLO-Track paper evaluates on "the videos whose categories overlap with
# COCO, which are 20 categories" without listing them. Matching names (and
# the synonyms sedan/car, motorbike/motorcycle) gives exactly these 20; the
# value is the COCO name, used to pick training images from COCO.
# The order is COCO's (by COCO category id): mmdet numbers labels in the
# annotation file's category order, so COCO training images give label i to
# the i-th of these in COCO's order, and ``--coco-overlap`` renumbers the
# videos' categories in this same order. Label i then means one class in
# training and in evaluation (in YouTube-VIS's own order, 16 of the 20
# labels meant another class in training).
YTVIS2019_COCO_OVERLAP: Dict[str, str] = {
    'person': 'person', 'sedan': 'car', 'motorbike': 'motorcycle',
    'airplane': 'airplane', 'train': 'train', 'truck': 'truck',
    'boat': 'boat', 'cat': 'cat', 'dog': 'dog', 'horse': 'horse',
    'cow': 'cow', 'elephant': 'elephant', 'bear': 'bear', 'zebra': 'zebra',
    'giraffe': 'giraffe', 'snowboard': 'snowboard',
    'skateboard': 'skateboard', 'surfboard': 'surfboard',
    'tennis_racket': 'tennis racket', 'mouse': 'mouse'
}


def _require(obj: dict, key: str, path: str, where: str):
    if key not in obj:
        raise DataFormatError(path, f'{where} has no {key!r}; this is not a '
                              'YouTube-VIS json', field=key)
    return obj[key]


def _check_segmentation(segm: Union[dict, list], height: int, width: int,
                        path: str, field: str,
                        skips: SkipCounter) -> Optional[Union[dict, list]]:
    """A frame's mask as written, or None when nothing usable is left.

    An RLE must be the video's size (a mask of another size would be scored
    against the wrong pixels); polygons with fewer than 3 points enclose
    nothing and are dropped, counted.
    """
    if isinstance(segm, dict):
        if 'counts' not in segm or 'size' not in segm:
            raise DataFormatError(path, 'an RLE needs "counts" and "size"',
                                  field=field)
        if list(segm['size']) != [height, width]:
            raise DataFormatError(
                path, f'RLE size {list(segm["size"])} differs from the '
                f'video\'s [height, width] = [{height}, {width}]',
                field=f'{field}.size')
        return segm
    if isinstance(segm, list):
        kept = []
        for p, poly in enumerate(segm):
            if not isinstance(poly, list) or len(poly) % 2:
                raise DataFormatError(path, 'a polygon is a flat list of x, '
                                      'y pairs', field=f'{field}[{p}]')
            if len(poly) < 6:
                skips.skip('polygon with fewer than 3 points',
                           f'{path} {field}[{p}]')
                continue
            kept.append(poly)
        return kept or None
    raise DataFormatError(path, 'a segmentation is an RLE (dict) or a list '
                          f'of polygons, not {type(segm).__name__}',
                          field=field)


def _mask_area(segm: Union[dict, list], height: int, width: int) -> float:
    """Pixel area of an RLE or polygon mask, for files without ``areas``."""
    if isinstance(segm, list) or isinstance(segm['counts'], list):
        rle = mask_utils.frPyObjects(segm, height, width)
        rle = mask_utils.merge(rle) if isinstance(rle, list) else rle
    else:
        rle = segm
    return float(mask_utils.area(rle))


def convert_youtubevis(json_path: str,
                       out_file: str,
                       categories: Optional[Sequence[str]] = None,
                       drop_mixed_videos: bool = True,
                       skips: Optional[SkipCounter] = None,
                       unlabeled: bool = False,
                       drop_annotations: bool = False) -> dict:
    """Convert a YouTube-VIS json.

    A split without ``annotations`` (2019 ``valid``/``test``) can only be
    scored by the benchmark's server: it is converted only with
    ``unlabeled=True`` (for ``format_only``), and never with a category
    subset, which needs the annotations to pick the videos (it used to keep
    all 302 valid videos, and YTVISeval then returned -1 everywhere). For a
    scored evaluation, hold out labelled videos of ``train`` with
    :func:`split_youtubevis`.

    Args:
        json_path (str): ``train.json`` / ``valid.json`` (2019) or
            ``instances.json`` (2021), or the synthetic corpus' json.
        out_file (str): The CocoVID json to write.
        categories (Sequence[str], optional): Keep only these category names
            and renumber them 1..K in the given order.
        drop_mixed_videos (bool): With ``categories``, drop videos that also
            contain objects of other categories (their unannotated objects
            would count as false positives). Defaults to True.
        skips (SkipCounter, optional): Receives skipped annotations/videos.
        unlabeled (bool): Accept a split without annotations (see above).
        drop_annotations (bool): Write the videos and frames only, no
            annotation (so no mask, category or instance id): the unlabeled
            training videos of SOLO-Track's cycle-consistency loss, which
            never reads labels. With ``categories`` the videos are still
            chosen by their annotations.

    Returns:
        dict: The written CocoVID dict.
    """
    skips = skips if skips is not None else SkipCounter()
    check_output_dir(osp.dirname(osp.abspath(out_file)))
    src = load_json(json_path)
    if not isinstance(src, dict):
        raise DataFormatError(json_path, 'top level must be an object')
    videos = _require(src, 'videos', json_path, 'file')
    cats = _require(src, 'categories', json_path, 'file')
    anns = src.get('annotations') or []  # absent in valid/test splits
    if not anns and categories is not None:
        raise DataFormatError(
            json_path, 'has no annotations, so its videos cannot be '
            'restricted to a category subset; hold out labelled videos of '
            'train.json with tools/dataset_converters/split_youtubevis.py',
            field='annotations')
    if not anns and not (unlabeled or drop_annotations):
        raise DataFormatError(
            json_path, 'has no annotations: an evaluation file from it '
            'would score -1 everywhere. Convert it with --unlabeled for a '
            'server submission (format_only), or evaluate on videos held '
            'out of train.json (tools/dataset_converters/'
            'split_youtubevis.py)', field='annotations')
    id2name = {}
    for i, c in enumerate(cats):
        id2name[_require(c, 'id', json_path, f'categories[{i}]')] = \
            _require(c, 'name', json_path, f'categories[{i}]')
    if categories is not None:
        missing = [c for c in categories if c not in id2name.values()]
        if missing:
            raise DataFormatError(json_path, f'categories {missing} not in '
                                  'the file', field='categories')
        new_ids = {name: i for i, name in enumerate(categories, 1)}
        out_cats = [dict(id=new_ids[n], name=n) for n in categories]
    else:
        new_ids = {n: i for i, n in id2name.items()}
        out_cats = [dict(id=i, name=n) for i, n in id2name.items()]

    video_ids = {}  # id -> index in videos
    for i, v in enumerate(videos):
        vid = _require(v, 'id', json_path, f'videos[{i}]')
        if vid in video_ids:
            raise DataFormatError(
                json_path, f'video id {vid} is used twice (videos['
                f'{video_ids[vid]}] and videos[{i}]); each video needs its '
                'own id', field=f'videos[{i}].id')
        video_ids[vid] = i
    vid_anns = defaultdict(list)
    for i, ann in enumerate(anns):
        where = f'annotations[{i}]'
        vid = _require(ann, 'video_id', json_path, where)
        if vid not in video_ids:
            raise DataFormatError(json_path, f'video_id {vid} is not in '
                                  'videos', field=f'{where}.video_id')
        cat = _require(ann, 'category_id', json_path, where)
        if cat not in id2name:
            raise DataFormatError(json_path, f'unknown category_id {cat}',
                                  field=f'{where}.category_id')
        vid_anns[vid].append((i, ann))

    out = dict(videos=[], images=[], annotations=[], categories=out_cats)
    img_id, ann_id, next_instance = 1, 1, 1
    for v, video in enumerate(videos):
        where = f'videos[{v}]'
        vid = _require(video, 'id', json_path, where)
        files = _require(video, 'file_names', json_path, where)
        width = _require(video, 'width', json_path, where)
        height = _require(video, 'height', json_path, where)
        if not files:
            raise DataFormatError(json_path, 'video has no frames',
                                  field=f'{where}.file_names')
        names = {id2name[a['category_id']] for _, a in vid_anns[vid]}
        if categories is not None and drop_mixed_videos and anns and (
                not names or not names <= set(categories)):
            skips.skip('video with categories outside the subset',
                       f'{json_path} {where}')
            continue
        out['videos'].append(dict(id=vid, name=files[0].split('/')[0],
                                  width=width, height=height))
        first_img = img_id
        for frame_id, fname in enumerate(files):
            out['images'].append(dict(id=img_id, video_id=vid,
                                      frame_id=frame_id, file_name=fname,
                                      width=width, height=height))
            img_id += 1
        for i, ann in ([] if drop_annotations else vid_anns[vid]):
            where = f'annotations[{i}]'
            name = id2name[ann['category_id']]
            if name not in new_ids:
                skips.skip('annotation of a category outside the subset',
                           f'{json_path} {where}')
                continue
            bboxes = _require(ann, 'bboxes', json_path, where)
            segms = _require(ann, 'segmentations', json_path, where)
            # no `areas`: computed from the masks (not taken as all empty)
            areas = ann.get('areas')
            if not (len(bboxes) == len(segms) == len(files) ==
                    len(segms if areas is None else areas)):
                raise DataFormatError(
                    json_path, f'bboxes/segmentations/areas must have one '
                    f'entry per frame ({len(files)})', field=where)
            instance = next_instance
            next_instance += 1
            for frame_id, (bbox, segm) in enumerate(zip(bboxes, segms)):
                if bbox is None:
                    continue
                if segm is not None:
                    segm = _check_segmentation(
                        segm, height, width, json_path,
                        f'{where}.segmentations[{frame_id}]', skips)
                if segm is None:
                    area = 0
                elif areas is None:
                    area = _mask_area(segm, height, width)
                else:
                    area = areas[frame_id]
                if not area or len(bbox) != 4 \
                        or bbox[2] <= 0 or bbox[3] <= 0:
                    skips.skip('instance with an empty mask or box',
                               f'{json_path} {where} frame {frame_id}')
                    continue
                out['annotations'].append(dict(
                    id=ann_id, video_id=vid, image_id=first_img + frame_id,
                    category_id=new_ids[name], instance_id=instance,
                    bbox=bbox, segmentation=segm, area=area,
                    iscrowd=int(ann.get('iscrowd', 0))))
                ann_id += 1
    if not out['videos']:
        raise DataFormatError(
            json_path, f'no video left to write ({len(videos)} in the file; '
            f'{skips.summary()}); {out_file} would be an empty dataset')
    dump_json_atomic(out, out_file)
    return out
