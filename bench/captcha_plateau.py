"""How often the captcha CRNN leaves the CTC plateau: the first epochs of the 28-epoch recipe, for many seeds and peak learning rates.

    python bench/captcha_plateau.py --lrs 3e-3 1e-3 --seeds 3 4 5 6 7 8 9 10 11 12
    python bench/captcha_plateau.py --lrs 1e-3 --no-coarse-start --out bench/results/captcha_plateau_full_rate.json
Each run trains the recipe's one-cycle schedule (`--epochs`) but stops after `--screen` epochs and records the validation
CER of each; a run has left the plateau if its last CER is below `--left` (a stuck model reads about one character in ten).
"""
import argparse, time
from fastai.callback.core import Callback, CancelFitException
from ctcocr.cli import CAPTCHA_EPOCHS
from ctcocr.crnn import CoarseStart
from common import seeded_crnn_learner, machine, write

class StopAfter(Callback):
    "End the fit after `n` epochs, leaving the schedule as the full run has it"
    order = 99
    def __init__(self, n): self.n = n
    def after_epoch(self):
        if self.epoch + 1 >= self.n: raise CancelFitException()

def screen(args, lr, seed):
    learn = seeded_crnn_learner(args, args.split_seed, seed, cbs=StopAfter(args.screen))
    if args.no_coarse_start: learn.remove_cb(CoarseStart)
    start = time.time()
    with learn.no_bar(), learn.no_logging(): learn.fit_one_cycle(args.epochs, lr)
    cer = [round(float(v[learn.recorder.metric_names.index('cer') - 1]), 4) for v in learn.recorder.values]
    run = dict(lr=lr, seed=seed, minutes=(time.time() - start) / 60, cer=cer, left=cer[-1] < args.left)
    print(f"lr {lr:g}, seed {seed}: CER by epoch {cer}", flush=True)
    return run

if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--lrs', type=float, nargs='+', default=[3e-3, 1e-3])
    ap.add_argument('--seeds', type=int, nargs='+', default=list(range(3, 13)))
    ap.add_argument('--epochs', type=int, default=CAPTCHA_EPOCHS, help='length of the schedule')
    ap.add_argument('--screen', type=int, default=9, help='epochs trained of it')
    ap.add_argument('--left', type=float, default=0.5, help='CER below which a run has left the plateau')
    ap.add_argument('--no-coarse-start', action='store_true', help='train every epoch at the full frame rate')
    ap.add_argument('--bs', type=int, default=16)
    ap.add_argument('--split-seed', type=int, default=42)
    ap.add_argument('--data', help='captcha folder (default: $CTCOCR_DATA or fastai\'s data folder)')
    ap.add_argument('--out', default='bench/results/captcha_plateau.json')
    args = ap.parse_args()
    runs = [screen(args, lr, s) for lr in args.lrs for s in args.seeds]
    summary = {f'{lr:g}': f"{sum(r['left'] for r in runs if r['lr'] == lr)} of {len(args.seeds)} left" for lr in args.lrs}
    print(summary)
    write(args.out, dict(benchmark='captcha_plateau', machine=machine(), split=f'RandomSplitter(0.1, seed={args.split_seed})',
                         recipe=dict(config='cpu', epochs=args.epochs, screened_epochs=args.screen, bs=args.bs, schedule='fit_one_cycle',
                                     coarse_start=not args.no_coarse_start),
                         left_below_cer=args.left, runs=runs, summary=summary))
