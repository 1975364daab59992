"""Reading with a model's ONNX export, run by ONNX Runtime, against reading with PyTorch: time and agreement.

    python bench/onnx_runtime.py models/captcha bench/models/names-seed42 nbs/models/names-transformer nbs/models/lines --out bench/results/onnx_runtime.json

Each model folder is copied to a temporary folder and exported there (`export_onnx`). Then
`--repeats` passes over its dataset's images with each runtime in turn, as `ctcocr predict` reads
(beam search of width 10, batches of 32): the median seconds a pass, how many readings are the same
text, and the largest difference in confidence. Captcha models read all the captchas; names models
the validation names; line models the lines of the validation pages.
"""
import argparse, os, shutil, statistics, tempfile, time
from pathlib import Path
from ctcocr.data import image_files, line_items, names_items, page_split
from ctcocr.inference import export_onnx, load_recognizer
from common import machine, write

def images(rec, data):
    "The images a model of `rec`'s kind is read on, in the datasets' folder `data`"
    if not rec.lines: return list(image_files(data/'captcha_images_v2'))
    if rec.config['arch_kwargs'].get('body') == 'resnet':  # a lines model: the pages `ctcocr train lines` holds out
        files, _, pages = line_items(data/'peraire_lines')
        return [files[i] for i in page_split(pages)[1]]
    return names_items(data/'handwriting_names', 'validation', verbose=False)[0]

if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('models', nargs='+', help='model folders saved by `ctcocr train`')
    ap.add_argument('--repeats', type=int, default=3)
    ap.add_argument('--data', default=os.environ.get('CTCOCR_DATA'), help='the folder of the datasets (default: $CTCOCR_DATA)')
    ap.add_argument('--out', default='bench/results/onnx_runtime.json')
    args = ap.parse_args()
    runs = []
    for model in args.models:
        with tempfile.TemporaryDirectory() as tmp:
            folder = shutil.copytree(model, Path(tmp)/'model')
            start = time.time()
            _, diff = export_onnx(folder)
            export_s = time.time() - start
            recs = {runtime: load_recognizer(folder, 10, onnx=runtime == 'onnxruntime') for runtime in ('torch', 'onnxruntime')}
            files = images(recs['torch'], Path(args.data))
            passes, got = {k: [] for k in recs}, {}
            for _ in range(args.repeats):
                for runtime, rec in recs.items():
                    start = time.time()
                    got[runtime], errors = rec.read(files)
                    passes[runtime].append(time.time() - start)
                    if errors: raise ValueError(f"cannot read images: {errors}")
        same = sum(got['torch'][f][0] == got['onnxruntime'][f][0] for f in files)
        conf = max(abs(got['torch'][f][1] - got['onnxruntime'][f][1]) for f in files)
        medians = {k: statistics.median(v) for k, v in passes.items()}
        runs.append(dict(model=model, images=len(files), export_s=export_s, score_difference=diff, passes=passes, median=medians,
                         same_text=same, max_confidence_difference=conf))
        print(f"{model}: exported in {export_s:.1f} s (scores within {diff:.1e}); a pass of {len(files)} images: "
              f"PyTorch {medians['torch']:.2f} s, ONNX Runtime {medians['onnxruntime']:.2f} s (medians of {args.repeats}); "
              f"same text {same} of {len(files)}, confidences within {conf:.1e}", flush=True)
    write(args.out, dict(benchmark='onnx_runtime', machine=machine(), runs=runs))
