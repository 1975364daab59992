"""Handwriting benchmark: `ctcocr train names|lines` with its defaults, its wall time and its validation scores.

    python bench/handwriting.py names    # Kaggle names: trained on the train split, scored on the validation split
    python bench/handwriting.py lines    # Peraire lines: trained and scored on pages split with seed 42
    python bench/handwriting.py names-transformer   # the names with the CNN + Transformer model
Each run keeps its model and log.csv in --models/<dataset>-seed<N>.
"""
import argparse, csv, statistics, time
from ctcocr.cli import HANDWRITING_RECIPES, train_handwriting
from ctcocr.ctc import positional_acc, text_scores
from ctcocr.inference import valid_readings
from common import machine, write

def run_one(args, seed):
    out = f'{args.models}/{args.dataset}-seed{seed}'
    start = time.time()
    learn = train_handwriting(args.dataset, args.data, args.epochs, seed=seed, out=out, n_show=0)
    minutes = (time.time() - start) / 60
    readings = valid_readings(learn)
    refs, hyps = [r[1] for r in readings], [r[2] for r in readings]
    scores = dict(text_scores(refs, hyps), positional_char_acc=positional_acc(refs, hyps))
    log = list(csv.DictReader(open(f'{out}/log.csv')))
    worst = sorted(zip(refs, hyps), key=lambda rh: -text_scores([rh[0]], [rh[1]])['cer'])[:10]
    run = dict(seed=seed, wall_minutes=minutes, train_images=len(learn.dls.train_ds), valid_images=len(readings),
               epochs=len(log), best_epoch=min(range(len(log)), key=lambda i: float(log[i]['cer'])), **scores, log=log, worst=worst)
    print(f"seed {seed}: " + ', '.join(f"{k} {scores[k]:.4f}" for k in ('cer', 'wer', 'seq_acc', 'positional_char_acc')) + f", {minutes:.1f} min", flush=True)
    return run

if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('dataset', choices=list(HANDWRITING_RECIPES))
    ap.add_argument('--seeds', type=int, nargs='+', default=[42])
    ap.add_argument('--epochs', type=int, help="default: the recipe's")
    ap.add_argument('--data', help='dataset folder (default: $CTCOCR_DATA/<dataset folder>)')
    ap.add_argument('--models', default='bench/models', help='where each run keeps its model')
    ap.add_argument('--out', help='JSON result (default: bench/results/handwriting_<dataset>.json)')
    args = ap.parse_args()
    runs = [run_one(args, s) for s in args.seeds]
    keys = ('cer', 'wer', 'seq_acc', 'positional_char_acc', 'sub_rate', 'del_rate', 'ins_rate', 'wall_minutes')
    summary = {k: statistics.median(r[k] for r in runs) for k in keys}
    print('median:', {k: round(v, 4) for k, v in summary.items()})
    recipe = {k: v if k != 'learner' else v.__name__ for k, v in HANDWRITING_RECIPES[args.dataset].items() if k != 'dls'}
    write(args.out or f'bench/results/handwriting_{args.dataset}.json',
          dict(benchmark=f'handwriting_{args.dataset}', machine=machine(), recipe=dict(recipe, epochs=args.epochs or recipe['epochs']),
               runs=runs, median=summary))
