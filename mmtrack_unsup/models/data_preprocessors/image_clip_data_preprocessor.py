"""One training batch of labeled images and unlabeled clips (SOLO-Track,
Sec. 3.4: both go through the shared backbone and FPN)."""
from typing import Dict, Sequence

from mmdet.models.data_preprocessors import TrackDataPreprocessor
from mmdet.registry import MODELS
from mmdet.structures import DetDataSample


@MODELS.register_module()
class ImageClipDataPreprocessor(TrackDataPreprocessor):
    """``TrackDataPreprocessor(use_det_processor=True)`` that also takes
    clips in training.

    A batch from a ``ConcatDataset`` of a labeled image dataset and an
    unlabeled video dataset (mmdet's ``MultiSourceSampler`` fixes how many
    of each) holds images ``(C, H, W)`` with ``DetDataSample`` s and clips
    ``(T, C, H, W)`` with ``TrackDataSample`` s. The clips' frames are
    appended to the images as ordinary images, each frame's sample marked
    with ``clip_index`` (its clip's place among the batch's clips) and kept
    in time order, then normalised and padded together. Batches of images
    only, and tests (one video), are handled as by the parent.
    """

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault('use_det_processor', True)
        super().__init__(*args, **kwargs)
        if not self.use_det_processor:
            raise ValueError('ImageClipDataPreprocessor trains on images: '
                             'use_det_processor must be True')

    def forward(self, data: dict, training: bool = False) -> Dict:
        inputs = data['inputs']
        if not (training and any(i.dim() == 4 for i in inputs)):
            return super().forward(data, training)
        images, samples, clips = [], [], 0
        for inp, sample in zip(inputs, data['data_samples']):
            if inp.dim() == 3:
                images.append(inp)
                samples.append(sample)
        for inp, sample in zip(inputs, data['data_samples']):
            if inp.dim() != 4:
                continue
            frames = sample.video_data_samples
            if len(frames) != len(inp):
                raise ValueError(f'a clip of {len(inp)} frames came with '
                                 f'{len(frames)} frame samples')
            order = sorted(range(len(frames)),
                           key=lambda t: frames[t].metainfo.get('frame_id',
                                                                t))
            for t in order:
                frame = DetDataSample(metainfo=frames[t].metainfo)
                frame.set_metainfo(dict(clip_index=clips))
                images.append(inp[t])
                samples.append(frame)
            clips += 1
        return super().forward(dict(inputs=images, data_samples=samples),
                               training=True)

    def pad_gt_masks(self, batch_data_samples: Sequence[DetDataSample]
                     ) -> None:
        """Pad the labeled samples' masks (clip frames have none)."""
        labeled = [s for s in batch_data_samples if 'gt_instances' in s]
        if labeled:
            super().pad_gt_masks(labeled)
