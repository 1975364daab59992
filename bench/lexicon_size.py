"""Time to read the validation names with lexicons of growing size, as `ctcocr predict --lexicon` reads them.

    python bench/lexicon_size.py bench/models/names-seed42 --sizes 0 5835 100000 1000000 --out bench/results/lexicon_size.json

A lexicon of N words: the training split's names the model can spell, then random words of its letters
(3 to 12, seeded) up to N; 0 is no lexicon. For each size: the seconds to load the recognizer and read a
first chunk of 32 names (the lexicon's tree is built then), and the median of `--repeats` passes over all
the validation names after it, with a beam of 10.
"""
import argparse, random, statistics, time
from ctcocr.cli import HANDWRITING_RECIPES
from ctcocr.inference import load_recognizer
from common import machine, write

def words(names, letters, size, seed=0):
    "`size` words: `names` first, then random words of `letters`"
    found, rng = set(names[:size]), random.Random(seed)
    while len(found) < size: found.add(''.join(rng.choices(letters, k=rng.randint(3, 12))))
    return sorted(found)

if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('model', help='a names model folder saved by bench/handwriting.py or `ctcocr train names`')
    ap.add_argument('--sizes', type=int, nargs='+', default=[0, 5835, 100_000, 1_000_000])
    ap.add_argument('--repeats', type=int, default=3)
    ap.add_argument('--data', help='dataset folder (default: $CTCOCR_DATA/handwriting_names)')
    ap.add_argument('--out', default='bench/results/lexicon_size.json')
    args = ap.parse_args()
    dls = HANDWRITING_RECIPES['names']['dls'](args.data)
    files = list(dls.valid_ds.items)
    vocab = load_recognizer(args.model).vocab
    names = sorted({t for t in dls.train_ds.tfms[0].labels.values() if set(t) <= set(vocab.chars)})
    runs = []
    for size in sorted(args.sizes):
        lexicon = words(names, [c for c in vocab.chars if c.isalpha()], size) if size else None
        start = time.time()
        rec = load_recognizer(args.model, 10, lexicon)
        rec.read(files[:32])
        first = time.time() - start
        passes = []
        for _ in range(args.repeats):
            start = time.time()
            got, errors = rec.read(files)
            passes.append(time.time() - start)
        if errors: raise ValueError(f"cannot read validation images: {errors}")
        runs.append(dict(size=size, setup_and_first_chunk=first, passes=passes, median=statistics.median(passes), images=len(files)))
        print(f"{size} words: {first:.1f} s to set up and read 32 names, then {statistics.median(passes):.2f} s a pass of {len(files)} "
              f"(median of {args.repeats})", flush=True)
    write(args.out, dict(benchmark='lexicon_size', model=args.model, machine=machine(), runs=runs))
