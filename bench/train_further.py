"""Training further with a new character (`ctcocr train names --init`): a names model trained without a letter, then on all the names.

    python bench/train_further.py --letter Y --base-epochs 10 --epochs 3 --lr 1e-3

1. `base`: the names recipe, `--base-epochs` epochs, on the training names without `--letter`.
2. `with the letter`: `--init base` for `--epochs` more on all the training names: the vocabulary
   gains the letter, whose class starts untrained.
3. `without the letter`: the same from `base` on the names of step 1, the same epochs: what the
   extra epochs give alone.
Each model is read greedily on Kaggle's validation names, scored on the names with the letter and
on the others. Models go to --models/train-further-seed<N>/.
"""
import argparse, csv, os, statistics, time
from pathlib import Path
from ctcocr.cli import train_handwriting
from ctcocr.ctc import text_scores
from ctcocr.data import names_items
from ctcocr.inference import load_recognizer
from common import machine, write

def without(src, letter, dest):
    "A names folder at `dest` whose training table leaves out the names with `letter`; the images and validation split are `src`'s"
    dest.mkdir(parents=True, exist_ok=True)
    for split in ('train', 'validation'):
        (dest/f'{split}_v2').mkdir(exist_ok=True)
        if not (dest/f'{split}_v2'/split).exists(): (dest/f'{split}_v2'/split).symlink_to(src/f'{split}_v2'/split)
    rows = list(csv.reader(open(src/'written_name_train_v2.csv', newline='')))
    kept = [rows[0]] + [r for r in rows[1:] if letter not in r[1].upper()]
    with open(dest/'written_name_train_v2.csv', 'w', newline='') as f: csv.writer(f).writerows(kept)
    (dest/'written_name_validation_v2.csv').write_bytes((src/'written_name_validation_v2.csv').read_bytes())
    return len(rows) - len(kept)

def scores(model, files, texts, letter):
    "Greedy scores of the model in `model` on the names with `letter` and on the others"
    _, readings, errors = load_recognizer(model).evaluate(files, texts)
    assert not errors, errors
    parts = {'with the letter': [r for r in readings if letter in r[1]], 'others': [r for r in readings if letter not in r[1]]}
    return {k: dict(text_scores([r[1] for r in rs], [r[2] for r in rs]), n=len(rs)) for k, rs in parts.items()}

def run_one(args, seed, src):
    folder = Path(args.models)/f'train-further-seed{seed}'
    dropped = without(src, args.letter, folder/'data')
    files, texts = names_items(src, 'validation', verbose=False)
    arms, minutes = {}, {}
    steps = [('base', folder/'data', args.base_epochs, None, None),
             ('with the letter', src, args.epochs, args.lr, 'base'),
             ('without the letter', folder/'data', args.epochs, args.lr, 'base')]
    for name, data, epochs, lr, init in steps:
        start, out = time.time(), folder/name.replace(' ', '-')
        train_handwriting('names', str(data), epochs, lr, seed=seed, n_show=0, out=out, init=None if init is None else folder/init)
        minutes[name] = (time.time() - start) / 60
        arms[name] = scores(out, files, texts, args.letter)
        print(f"seed {seed}, {name}: " + '; '.join(f"{k}: cer {v['cer']:.4f}, seq_acc {v['seq_acc']:.4f} ({v['n']})" for k, v in arms[name].items())
              + f"; {minutes[name]:.1f} min", flush=True)
    vocabs = [load_recognizer(folder/arm).vocab.chars for arm in ('base', 'with-the-letter')]
    new_chars = ''.join(c for c in vocabs[1] if c not in vocabs[0])  # the letter, and any character only names with it hold
    return dict(seed=seed, dropped_train_names=dropped, new_chars=new_chars, minutes=minutes, scores=arms)

if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--letter', default='Y')
    ap.add_argument('--base-epochs', type=int, default=10)
    ap.add_argument('--epochs', type=int, default=3)
    ap.add_argument('--lr', type=float, default=1e-3)
    ap.add_argument('--seeds', type=int, nargs='+', default=[42])
    ap.add_argument('--data', help='the names folder (default: $CTCOCR_DATA/handwriting_names)')
    ap.add_argument('--models', default='bench/models')
    ap.add_argument('--out', default='bench/results/train_further.json')
    args = ap.parse_args()
    src = Path(args.data or Path(os.environ['CTCOCR_DATA'])/'handwriting_names')
    runs = [run_one(args, s, src) for s in args.seeds]
    median = {arm: {part: {k: statistics.median(r['scores'][arm][part][k] for r in runs) for k in ('cer', 'seq_acc')}
                    for part in runs[0]['scores'][arm]} for arm in runs[0]['scores']}
    print('median:', median)
    write(args.out, dict(benchmark='train_further', machine=machine(), args=vars(args), runs=runs, median=median))
