"""Hold out labelled YouTube-VIS videos for evaluation.

YouTube-VIS 2019 publishes masks only for ``train``; ``valid`` and ``test``
are scored by the benchmark's server. SOLO-Track (Fu et al., CVPR 2021,
Sec. 4.1) evaluates on the videos of the 20 categories shared with COCO, so a
scored evaluation needs labelled videos that training never sees: this
splits ``train.json`` by video, with a seed, into a training part and a
held-out part. Held-out videos are drawn only among those whose every object
is of ``categories`` (the converter's ``--coco-overlap`` would drop the
others), so the held-out part converts without losing a video.
"""
import os.path as osp
from typing import Dict, Optional, Sequence

import numpy as np

from mmtrack_unsup.utils import (DataFormatError, check_output_dir,
                                 dump_jsons_atomic, load_json)


def split_youtubevis(json_path: str,
                     train_out: str,
                     heldout_out: str,
                     num_heldout: int,
                     categories: Optional[Sequence[str]] = None,
                     seed: int = 0) -> Dict[str, list]:
    """Split a labelled YouTube-VIS json by video.

    Args:
        json_path (str): ``train.json`` (2019) or ``instances.json`` (2021).
        train_out (str): YouTube-VIS json of the remaining videos.
        heldout_out (str): YouTube-VIS json of the held-out videos.
        num_heldout (int): Videos to hold out.
        categories (Sequence[str], optional): Hold out only videos whose
            objects are all of these categories (names).
        seed (int): Seed of the draw. Defaults to 0.

    Returns:
        dict: ``{'train': [video ids], 'heldout': [video ids]}``.
    """
    check_output_dir(osp.dirname(osp.abspath(train_out)))
    check_output_dir(osp.dirname(osp.abspath(heldout_out)))
    src = load_json(json_path)
    for key in ('videos', 'categories'):
        if not isinstance(src, dict) or key not in src:
            raise DataFormatError(json_path, f'no {key!r}; this is not a '
                                  'YouTube-VIS json', field=key)
    anns = src.get('annotations') or []
    if not anns:
        raise DataFormatError(json_path, 'has no annotations: only a '
                              'labelled split (train) can give evaluation '
                              'videos', field='annotations')
    names = {c['id']: c['name'] for c in src['categories']}
    video_ids = [v['id'] for v in src['videos']]
    cats_of = {vid: set() for vid in video_ids}
    for i, ann in enumerate(anns):
        if ann.get('video_id') not in cats_of:
            raise DataFormatError(json_path, f'video_id '
                                  f'{ann.get("video_id")} is not in videos',
                                  field=f'annotations[{i}].video_id')
        cats_of[ann['video_id']].add(names.get(ann.get('category_id')))
    eligible = [vid for vid in video_ids if cats_of[vid] and (
        categories is None or cats_of[vid] <= set(categories))]
    if not 0 < num_heldout <= len(eligible):
        raise ValueError(f'{json_path}: cannot hold out {num_heldout} '
                         f'videos; {len(eligible)} are eligible'
                         + (' (all objects in the category subset)'
                            if categories is not None else ''))
    rng = np.random.default_rng(seed)
    heldout = set(rng.choice(eligible, num_heldout, replace=False).tolist())
    parts = {}
    for name, keep in (('train', lambda v: v not in heldout),
                       ('heldout', lambda v: v in heldout)):
        part = {k: v for k, v in src.items()
                if k not in ('videos', 'annotations')}
        part['videos'] = [v for v in src['videos'] if keep(v['id'])]
        part['annotations'] = [a for a in anns if keep(a['video_id'])]
        parts[name] = part
    dump_jsons_atomic({train_out: parts['train'],
                       heldout_out: parts['heldout']})
    return {name: [v['id'] for v in part['videos']]
            for name, part in parts.items()}
