r"""Speed of the crop CNN (Bastani et al., Sec. 3.1) in the default and the
channels-last memory layout, on the same weights and crops.

Every learned tracker that reads crops (visual-spatial, fused, crop
embedding) spends most of its association time in this CNN. ``CropCNN``
keeps its weights and input channels-last; this tool times it against a
copy in the default (contiguous NCHW) layout, interleaving the two so that
a busy machine slows both alike, and prints the largest output difference.

``--bf16`` adds inference under bfloat16 autocast (oneDNN; fast only on
CPUs with bf16 matrix units, e.g. AMX) and its largest output difference
relative to the output's scale: a speed-up that changes the outputs, not
used by any config.

Example:
    python tools/analysis_tools/crop_cnn_speed.py --crops 10 --batch 96
"""
import argparse
import copy
import time

import torch

from mmtrack_unsup.models.utils import build_crop_cnn


def _timed(fn, repeats: int) -> float:
    start = time.perf_counter()
    for _ in range(repeats):
        fn()
    return time.perf_counter() - start


def main(argv=None):
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument('--channels', type=int, nargs='+',
                        default=[32, 64, 64, 64, 64, 64],
                        help="the CNN's output channels (paper A's six)")
    parser.add_argument('--size', type=int, default=64, help='crop size')
    parser.add_argument('--crops', type=int, default=10,
                        help='crops per inference call (detections of a '
                        'frame)')
    parser.add_argument('--batch', type=int, default=96,
                        help='crops per training step (forward + backward)')
    parser.add_argument('--rounds', type=int, default=15,
                        help='interleaved rounds; each times 20 inference '
                        'calls and one training step per layout')
    parser.add_argument('--threads', type=int, default=1)
    parser.add_argument('--bf16', action='store_true',
                        help='also time inference under bfloat16 autocast')
    args = parser.parse_args(argv)
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)

    channels_last = build_crop_cnn(args.channels)
    default = copy.deepcopy(channels_last)
    for p in default.parameters():
        p.data = p.data.contiguous()
    nets = {'default (NCHW)': lambda x: torch.nn.Sequential.forward(default, x),
            'channels-last (CropCNN)': channels_last}
    crops = torch.randn(args.crops, 3, args.size, args.size)
    batch = torch.randn(args.batch, 3, args.size, args.size)

    with torch.inference_mode():
        diff = (nets['default (NCHW)'](crops) -
                channels_last(crops)).abs().max().item()
    infer = dict.fromkeys(nets, 0.0)
    train = dict.fromkeys(nets, 0.0)
    for _ in range(args.rounds):
        for name, net in nets.items():
            with torch.inference_mode():
                infer[name] += _timed(lambda: net(crops), 20)
            train[name] += _timed(lambda: net(batch).mean().backward(), 1)

    base = 'default (NCHW)'
    print(f'| layout | inference, {args.crops} crops (ms) | speed-up | '
          f'training step, {args.batch} crops (ms) | speed-up |')
    print('|---|---|---|---|---|')
    for name in nets:
        i_ms = infer[name] / (20 * args.rounds) * 1e3
        t_ms = train[name] / args.rounds * 1e3
        print(f'| {name} | {i_ms:.2f} | {infer[base] / infer[name]:.2f}x | '
              f'{t_ms:.1f} | {train[base] / train[name]:.2f}x |')
    print(f'largest output difference: {diff:.1e}')
    if args.bf16:
        _bf16_row(channels_last, crops, infer[base] / (20 * args.rounds),
                  args.rounds)


def _bf16_row(net, crops, default_s: float, rounds: int) -> None:
    """Inference of ``net`` under bfloat16 autocast: time per call,
    speed-up over the default layout's fp32 time, relative difference."""

    def run():
        with torch.autocast('cpu', dtype=torch.bfloat16):
            return net(crops)

    with torch.inference_mode():
        ref = net(crops)
        rel = ((run().float() - ref).abs().max() /
               ref.abs().max()).item()
        seconds = _timed(run, 20 * rounds) / (20 * rounds)
    print(f'bfloat16 autocast, channels-last: {seconds * 1e3:.2f} ms per '
          f'call ({default_s / seconds:.2f}x the default layout), largest '
          f'difference {rel:.1e} of the output scale')


if __name__ == '__main__':
    main()
