"""tools/train.py on the cross-input consistency config: a few iterations
on synthetic detections, then the tracker scored on held-out sequences."""
import glob
import os
import os.path as osp
import re
import shutil
import subprocess
import sys

import pytest
import torch

from conftest import REPO, make_synthetic_mot

CONFIG = osp.join(REPO, 'configs', 'cross_input',
                  'cross-input_visual-spatial_1xb8-2k_synthetic.py')
# paper B's losses on the same clips' crops, inside ByteTrack (issue 33)
CROP_EMBEDDING = osp.join(
    REPO, 'configs', 'crop_embedding',
    'crop-embedding_fused-bytetrack_1xb8-2k_synthetic.py')


@pytest.fixture(scope='module')
def corpus(tmp_path_factory):
    """2 unlabeled training sequences and 1 held-out one, 30 frames each."""
    return make_synthetic_mot(str(tmp_path_factory.mktemp('ci_corpus')), 2,
                              1, 30)


def _options(corpus, max_iters, val_interval=4):
    return ['--cfg-options',
            f'train_dataloader.dataset.data_root={corpus}/',
            f'val_dataloader.dataset.data_root={corpus}/',
            f'test_dataloader.dataset.data_root={corpus}/',
            'train_dataloader.dataset.far_gap=5',
            'train_dataloader.batch_size=2', 'train_dataloader.num_workers=0',
            'train_dataloader.persistent_workers=False',
            'val_dataloader.num_workers=0',
            'val_dataloader.persistent_workers=False',
            'test_dataloader.num_workers=0',
            'test_dataloader.persistent_workers=False',
            f'train_cfg.max_iters={max_iters}',
            f'train_cfg.val_interval={val_interval}',
            'default_hooks.checkpoint.interval=2',
            'default_hooks.logger.interval=1']


def _run(tool, work_dir, *args, config=CONFIG):
    return subprocess.run(
        [sys.executable, osp.join(REPO, 'tools', tool), config,
         '--work-dir', work_dir, *args],
        cwd=REPO, capture_output=True, text=True, timeout=900)


def _train(corpus, work_dir, max_iters, *extra, val_interval=4,
           config=CONFIG):
    proc = _run('train.py', work_dir, *extra,
                *_options(corpus, max_iters, val_interval), config=config)
    assert proc.returncode == 0, proc.stderr[-4000:]
    return open(sorted(glob.glob(osp.join(work_dir, '*',
                                          '*.log')))[-1]).read()


def _weights(path):
    return torch.load(path, map_location='cpu',
                      weights_only=False)['state_dict']


@pytest.mark.slow
def test_train_then_track_held_out(corpus, tmp_path):
    work_dir = str(tmp_path / 'work')
    log = _train(corpus, work_dir, 4)
    assert 'loss_consistency' in log and 'Iter(train) [4/4]' in log
    assert osp.isfile(osp.join(work_dir, 'iter_4.pth'))
    # held-out tracking scored, above the floor of a tracker that drops,
    # shifts or delays its boxes: the easy corpus' detections are nearly
    # perfect (measured: DetA 0.93, MOTP 0.94, HOTA 0.38). Association after
    # 4 steps is near chance (IDSW 79 of 117 matches), so it is not tested
    # here; the benchmark measures it after real training.
    metrics = {k: float(v) for k, v in re.findall(
        r'motchallenge-metric/(\w+): ([0-9.]+)', log)}
    assert metrics['DetA'] > 0.85 and metrics['MOTP'] > 0.9
    assert metrics['HOTA'] > 0.2 and metrics['TP'] >= 110


@pytest.mark.slow
def test_occlusion_config_trains_and_tracks(corpus, tmp_path):
    """Table 1's occlusion row runs end to end: every frame's crops are
    loaded, both hidden inputs are tracked with the hand-off, and the
    tracker's combined mode scores the held-out split."""
    config = osp.join(REPO, 'configs', 'cross_input',
                      'cross-input_occlusion_1xb8-2k_synthetic.py')
    work_dir = str(tmp_path / 'work')
    proc = _run('train.py', work_dir, *_options(corpus, 4),
                'model.hiding.handoff_warmup=2', 'custom_hooks.0.interval=1',
                config=config)
    assert proc.returncode == 0, proc.stderr[-4000:]
    log = open(glob.glob(osp.join(work_dir, '*', '*.log'))[0]).read()
    assert 'Iter(train) [4/4]' in log and 'OcclusionHiding' in log
    assert "mode='combined'" in log
    assert 'motchallenge-metric/HOTA' in log
    # the warm-up's 2 steps without hand-off, then both inputs hand off,
    # and the plateau watch restarts there instead of cutting the lr
    handoff = [float(v) for v in re.findall(r'handoff: ([0-9.]+)', log)]
    assert handoff == [0.0, 0.0, 1.0, 1.0]
    assert 'handoff 0 -> 1: a new regime' in log


@pytest.mark.slow
def test_training_survives_a_kill(corpus, tmp_path):
    """A run stopped after iteration 2 continues at 3 with --resume."""
    work_dir = str(tmp_path / 'work')
    _train(corpus, work_dir, 2)
    log = _train(corpus, work_dir, 4, '--resume')
    assert 'resumed' in log.lower() and 'iter_2.pth' in log
    assert 'Iter(train) [3/4]' in log and 'Iter(train) [1/4]' not in log


@pytest.mark.slow
def test_crop_embedding_trains_and_tracks(corpus, tmp_path):
    """The crop-embedding config: IC, ME and cycle losses on the clips'
    crops (no artificial detections), then ByteTrack with the embedding
    cue scores the held-out split."""
    work_dir = str(tmp_path / 'work')
    log = _train(corpus, work_dir, 4, config=CROP_EMBEDDING)
    for key in ('loss_ic', 'loss_me', 'loss_cycle', 'view_accuracy',
                'cosine_others'):
        assert f'{key}: ' in log, key
    assert "cue='embedding'" in log and 'Iter(train) [4/4]' in log
    metrics = {k: float(v) for k, v in re.findall(
        r'motchallenge-metric/(\w+): ([0-9.]+)', log)}
    assert metrics['DetA'] > 0.85 and metrics['HOTA'] > 0.2


@pytest.mark.slow
@pytest.mark.parametrize('config,stream', [(CONFIG, 'hiding'),
                                           (CROP_EMBEDDING, 'augment')],
                         ids=['cross-input', 'crop-embedding'])
def test_resume_equals_the_unbroken_run(corpus, tmp_path, config, stream):
    """Kill after the iter_2 checkpoint, resume: the iter_6 weights
    (batch-norm statistics included) equal the unbroken run's bit for bit.
    The hiding draws used to come from the global numpy stream, which
    --resume replays only for the data loader, so the resumed run
    drifted; the crop views come from a checkpointed stream too."""
    unbroken, broken = str(tmp_path / 'unbroken'), str(tmp_path / 'broken')
    _train(corpus, unbroken, 6, val_interval=100, config=config)
    os.makedirs(broken)
    shutil.copy(osp.join(unbroken, 'iter_2.pth'), broken)
    with open(osp.join(broken, 'last_checkpoint'), 'w') as f:
        f.write(osp.join(broken, 'iter_2.pth'))
    log = _train(corpus, broken, 6, '--resume', val_interval=100,
                 config=config)
    assert 'Iter(train) [3/6]' in log and 'Iter(train) [2/6]' not in log
    final, resumed = (_weights(osp.join(unbroken, 'iter_6.pth')),
                      _weights(osp.join(broken, 'iter_6.pth')))
    assert list(final) == list(resumed)
    for key in final:
        assert torch.equal(final[key], resumed[key]), key
    # the draws' stream is part of the checkpoint and moved on
    assert int(final[f'{stream}_step']) == 6
    assert torch.equal(_weights(osp.join(unbroken, 'iter_2.pth'))
                       [f'{stream}_seed'], final[f'{stream}_seed'])


@pytest.mark.slow
def test_resume_that_finds_nothing_is_an_error(corpus, tmp_path):
    typo = str(tmp_path / 'work_dirs_typo')
    proc = _run('train.py', typo, '--resume', *_options(corpus, 2))
    assert proc.returncode != 0
    assert f'--resume: no checkpoint to resume in {typo}' in proc.stderr
    assert not glob.glob(osp.join(typo, '*.pth'))  # nothing was trained
    proc = _run('train.py', typo, '--resume',
                str(tmp_path / 'iter_9.pth'), *_options(corpus, 2))
    assert proc.returncode != 0 and 'no such checkpoint' in proc.stderr
    # --resume auto keeps mmengine's behaviour: start afresh
    log = _train(corpus, typo, 2, '--resume', 'auto')
    assert 'Iter(train) [1/2]' in log


@pytest.mark.slow
def test_foreign_checkpoints_are_refused(corpus, tmp_path):
    """A checkpoint of another model used to load nothing and still give a
    full TrackEval table from random weights."""
    foreign = str(tmp_path / 'foreign.pth')
    torch.save({'foo': torch.zeros(3)}, foreign)
    work = str(tmp_path / 'work')
    proc = _run('test.py', work, '--checkpoint', foreign,
                *_options(corpus, 2))
    assert proc.returncode != 0
    assert f'{foreign} does not load the whole CrossInputConsistency' in \
        proc.stderr
    assert 'keys missing from the checkpoint: hiding_seed' in proc.stderr
    assert '1 keys in the checkpoint but not in the model: foo' in \
        proc.stderr
    assert 'motchallenge-metric/HOTA' not in proc.stdout + proc.stderr
    # no checkpoint at all: random weights are not scored either
    proc = _run('test.py', work, *_options(corpus, 2))
    assert proc.returncode != 0
    assert 'has learned weights but no checkpoint was loaded' in proc.stderr
    # load_from in training is checked the same way
    proc = _run('train.py', work, *_options(corpus, 2),
                f'load_from={foreign}')
    assert proc.returncode != 0
    assert 'does not load the whole CrossInputConsistency' in proc.stderr
    # the flag lets a partial checkpoint through, with a warning
    proc = _run('test.py', work, '--checkpoint', foreign,
                '--allow-partial-checkpoint', *_options(corpus, 2))
    assert proc.returncode == 0, proc.stderr[-3000:]
    out = proc.stdout + proc.stderr
    assert 'does not load the whole' in out
    assert 'motchallenge-metric/HOTA' in out


@pytest.mark.slow
def test_benchmark_refuses_foreign_and_misnamed_checkpoints(corpus,
                                                            tmp_path):
    sys.path.insert(0, osp.join(REPO, 'tools'))
    from benchmark_trackers import main as benchmark
    foreign = str(tmp_path / 'foreign.pth')
    torch.save({'foo': torch.zeros(3)}, foreign)
    name = osp.splitext(osp.basename(CONFIG))[0]
    args = [CONFIG, '--data-root', corpus + '/', '--work-dir',
            str(tmp_path), '--cfg-options', 'test_dataloader.num_workers=0',
            'test_dataloader.persistent_workers=False']
    with pytest.raises(RuntimeError, match='does not load the whole '
                       'CrossInputConsistency'):
        benchmark(args + ['--checkpoint', f'{name}={foreign}'])
    with pytest.raises(RuntimeError, match='no checkpoint was loaded'):
        benchmark(args)
    with pytest.raises(SystemExit):  # a typo would leave it unloaded
        benchmark(args + ['--checkpoint', f'{name}-typo={foreign}'])


def _agreement_windows(log):
    """``(agreement, chance_agreement)`` of every logged iteration."""
    return [(float(a), float(c)) for a, c in re.findall(
        r' agreement: ([0-9.]+)  chance_agreement: ([0-9.]+)', log)]


@pytest.mark.slow
def test_chance_agreement_guard_warns_on_a_run_that_cannot_learn(
        corpus, tmp_path):
    """The synthetic config as shipped, trained with learning rate 0 (the
    transition rows stay as uniform as at initialisation), its
    ChanceAgreementHook checking every 10 steps with patience 3: one WARNING
    at step 30 naming the numbers and what to try. That it stays silent
    while a model learns, also after a slow start, is the unit tests'."""
    work_dir = str(tmp_path / 'cannot_learn')
    proc = _run('train.py', work_dir, '--cfg-options',
                f'train_dataloader.dataset.data_root={corpus}/',
                f'val_dataloader.dataset.data_root={corpus}/',
                'train_dataloader.dataset.far_gap=5',
                'train_dataloader.num_workers=0',
                'train_dataloader.persistent_workers=False',
                'train_cfg.max_iters=40', 'train_cfg.val_interval=100000',
                'default_hooks.checkpoint.interval=1000',
                'default_hooks.logger.interval=10',
                'optim_wrapper.optimizer.lr=0.0',
                # the config's ChanceAgreementHook (its second custom hook)
                'custom_hooks.1.interval=10', 'custom_hooks.1.patience=3')
    assert proc.returncode == 0, proc.stderr[-4000:]
    log = open(sorted(glob.glob(osp.join(work_dir, '*', '*.log')))[-1]).read()
    stuck = _agreement_windows(log)
    assert sum(a for a, _ in stuck) < 1.2 * sum(c for _, c in stuck)
    warning, = re.findall(r'WARNING - (training is at the uniform .*)', log)
    assert 'over the last 30 iterations' in warning
    assert 'artificial_source' in warning


@pytest.mark.slow
def test_unusable_checkpoints_stop_with_the_flag_and_file(corpus, tmp_path):
    """A checkpoint cut short, one whose weights hold NaN, and a weights-only
    file given to --resume: each entry point stops before building the run,
    with one message naming the flag, the file and what is wrong (the first
    bad tensor), no traceback, and the file untouched (issue 39, 6/11/12)."""
    work = str(tmp_path / 'work')
    _train(corpus, work, 2, val_interval=100)
    good = osp.join(work, 'iter_2.pth')
    data = open(good, 'rb').read()
    cut = str(tmp_path / 'cut.pth')
    with open(cut, 'wb') as f:
        f.write(data[:len(data) // 2])
    checkpoint = torch.load(good, weights_only=False)
    key = next(k for k, v in checkpoint['state_dict'].items()
               if v.is_floating_point())
    checkpoint['state_dict'][key].view(-1)[0] = float('nan')
    nan = str(tmp_path / 'nan.pth')
    torch.save(checkpoint, nan)
    weights = str(tmp_path / 'weights_only.pth')
    torch.save(dict(state_dict=_weights(good)), weights)
    before = {p: open(p, 'rb').read() for p in (cut, nan, weights)}

    def refused(tool, *args):
        proc = _run(tool, str(tmp_path / 'other'), *args,
                    *_options(corpus, 4, 100))
        assert proc.returncode != 0
        assert 'Traceback' not in proc.stderr, proc.stderr[-3000:]
        return proc.stderr

    err = refused('test.py', '--checkpoint', cut)
    assert f'--checkpoint: {cut} ({len(data) // 2} bytes) is not a ' \
        'complete checkpoint' in err
    err = refused('train.py', '--resume', cut)
    assert f'--resume: {cut} (' in err and 'not a complete' in err
    err = refused('test.py', '--checkpoint', nan)
    assert f'--checkpoint: {nan}: the weights are not finite: {key} has 1 ' \
        'NaN/Inf' in err
    err = refused('train.py', '--resume', nan)
    assert f'--resume: {nan}: the weights are not finite' in err
    err = refused('train.py', '--resume', weights)
    assert f'--resume: {weights} has weights but no training state (no ' \
        'meta, message_hub, optimizer)' in err
    assert f'load_from={weights} without --resume' in err
    # the advice works: a new run starts from those weights
    proc = _run('train.py', str(tmp_path / 'from_weights'),
                *_options(corpus, 2, 100), f'load_from={weights}')
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert not glob.glob(str(tmp_path / 'other' / '*.pth'))
    assert before == {p: open(p, 'rb').read() for p in before}


@pytest.mark.slow
def test_training_on_the_evaluated_split_warns_with_the_videos(corpus,
                                                               tmp_path):
    """The held-out split's detections given as training input were taken
    in silence (issue 39, item 7): the log now names the file, the split
    and the shared videos; the config as shipped does not warn."""
    work = str(tmp_path / 'on_test')
    proc = _run('train.py', work, *_options(corpus, 2, 100),
                'train_dataloader.dataset.ann_file='
                'annotations/test_detections.json',
                'train_dataloader.dataset.data_prefix.img_path=test')
    assert proc.returncode == 0, proc.stderr[-4000:]
    log = open(glob.glob(osp.join(work, '*', '*.log'))[0]).read()
    warning, = re.findall(r'WARNING - (training reads .*)', log)
    assert f"{corpus}/annotations/test_detections.json, the 'test' split " \
        'that val_dataloader scores' in warning
    assert 'SYN-' in warning
    log = _train(corpus, str(tmp_path / 'shipped'), 2, val_interval=100)
    assert 'training reads' not in log
