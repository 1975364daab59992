"""Captcha CRNN benchmark: validation scores and CPU training time for several initialisation seeds.

    python bench/captcha_crnn.py --seeds 0 1 2 3 4 5                         # ctcocr's CPU recipe (default seeds: 0 1 2)
    python bench/captcha_crnn.py --config tutorial --bs 8 --epochs 60 --lr 3e-3 --seeds 0   # the tutorial's recipe
    python bench/captcha_crnn.py --split-seeds 0 1 2 3 4 --seeds 0 --out bench/results/captcha_crnn_cpu_splits.json
    python bench/captcha_crnn.py --paired --seeds 0 1 2 --out bench/results/captcha_crnn_cpu_paired.json   # as `ctcocr train captcha --seed S`
    python bench/captcha_crnn.py --folds 10 --seeds 0 --out bench/results/captcha_crnn_cpu_folds.json    # and --seeds 1, 2: ..._folds_seed1.json, ..._folds_seed2.json
    python bench/captcha_crnn.py --folds 10 --seeds 1 --height-only 2 --out bench/results/captcha_crnn_cpu_folds_50_frames_seed1.json
    python bench/captcha_crnn.py --folds 10 --seeds 0 --warp 0.2 --out bench/results/captcha_crnn_cpu_folds_warp_seed0.json   # and --seeds 1, 2
The validation split is 10% of the captchas, split seed 42 unless `--split-seeds` names others (one run per split and seed),
or with `--paired` each seed's own, as `ctcocr train captcha --seed S` splits and initialises with S.
With `--folds K`, the captchas are dealt into K folds at random (with each split seed) and each fold is the validation
set of one run per seed: every captcha is read once per seed by a model that never trained on it, and `pooled_seq_acc`
is the share of all those readings that are right.
"""
import argparse, statistics, time
import numpy as np
from fastai.data.transforms import IndexSplitter
from statistics import median
from ctcocr.cli import CAPTCHA_EPOCHS, CAPTCHA_LR
from ctcocr.crnn import CRNN_CONFIGS
from ctcocr.ctc import ctc_decode, text_scores
from common import seeded_crnn_learner, machine, write

def fold_splitter(fold, n_folds, seed):
    "A splitter that holds out fold `fold` of `n_folds`, dealt from a permutation of the items seeded with `seed`"
    def split(items): return IndexSplitter(np.array_split(np.random.RandomState(seed).permutation(len(items)), n_folds)[fold])(items)
    return split

def train_one(args, split_seed, seed, fold=None):
    learn = seeded_crnn_learner(args, split_seed, seed, None if fold is None else fold_splitter(fold, args.folds, split_seed))
    dls = learn.dls
    start = time.time()
    with learn.no_bar(): learn.fit_one_cycle(args.epochs, args.lr)
    minutes = (time.time() - start) / 60
    with learn.no_bar(): preds, targs = learn.get_preds(act=lambda o: o)
    refs = [dls.vocab.decode(t) for t in targs]
    hyps = [t for t, _ in ctc_decode(preds, dls.vocab)]
    scores = text_scores(refs, hyps)
    scores['seq_acc_beam10'] = text_scores(refs, [t for t, _ in ctc_decode(preds, dls.vocab, beam_width=10)])['seq_acc']
    errors = [(r, h) for r, h in zip(refs, hyps) if r != h]
    run = dict(split_seed=split_seed, fold=fold, seed=seed, train_minutes=minutes, valid_items=len(refs), **scores, errors=errors)
    print(f"split {split_seed}" + ('' if fold is None else f", fold {fold}") + f", seed {seed}: seq_acc {scores['seq_acc']:.4f}, CER {scores['cer']:.4f}, {minutes:.2f} min, errors {errors}", flush=True)
    return run

if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--config', default='cpu')
    ap.add_argument('--seeds', type=int, nargs='+', default=[0, 1, 2])
    ap.add_argument('--epochs', type=int, default=CAPTCHA_EPOCHS)
    ap.add_argument('--bs', type=int, default=16)
    ap.add_argument('--lr', type=float, default=CAPTCHA_LR)
    ap.add_argument('--split-seeds', type=int, nargs='+', default=[42])
    ap.add_argument('--paired', action='store_true', help='one run per seed, on the split of that seed (as `ctcocr train captcha --seed`), not --split-seeds')
    ap.add_argument('--height-only', type=int, help="how many of the body's last stages halve the height only (default: the config's)")
    ap.add_argument('--warp', type=float, default=0., help="training augmentation: fastai's Warp of this magnitude (default: none, as in the recipe)")
    ap.add_argument('--folds', type=int, help='cross-validate: K runs per split seed and seed, each holding out one of K folds')
    ap.add_argument('--data', help='captcha folder (default: $CTCOCR_DATA or fastai\'s data folder)')
    ap.add_argument('--out', help='JSON result (default: bench/results/captcha_crnn_<config>.json)')
    args = ap.parse_args()
    args.model = dict(CRNN_CONFIGS[args.config], **({} if args.height_only is None else {'height_only': args.height_only}))
    folds = [None] if args.folds is None else range(args.folds)
    if args.paired and (args.folds is not None or args.split_seeds != ap.get_default('split_seeds')): ap.error('--paired takes neither --folds nor --split-seeds')
    pairs = [(s, s) for s in args.seeds] if args.paired else [(split, s) for split in args.split_seeds for s in args.seeds]
    runs = [train_one(args, split, s, k) for split, s in pairs for k in folds]
    summary = {k: median([r[k] for r in runs]) for k in ('seq_acc', 'seq_acc_beam10', 'cer', 'sub_rate', 'del_rate', 'ins_rate', 'train_minutes')}
    summary['mean_seq_acc'] = statistics.mean(r['seq_acc'] for r in runs)
    summary['pooled_seq_acc'] = 1 - sum(len(r['errors']) for r in runs) / sum(r['valid_items'] for r in runs)
    print('median:', {k: round(v, 4) for k, v in summary.items()})
    write(args.out or f'bench/results/captcha_crnn_{args.config}.json',
          dict(benchmark='captcha_crnn', machine=machine(), split='RandomSplitter(0.1, seed=split_seed)' if args.folds is None else f'{args.folds} folds of a permutation seeded with split_seed',
               recipe=dict(config=args.config, model=args.model, epochs=args.epochs, bs=args.bs, lr=args.lr, warp=args.warp, schedule='fit_one_cycle'),
               runs=runs, median=summary))
