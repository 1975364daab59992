"Shared by the benchmarks: machine and version facts, JSON output, the captcha CRNN Learner"
import json, os, platform, subprocess, sys, time
from pathlib import Path

def machine() -> dict:
    "The machine and the versions a result depends on"
    import torch, fastai, numpy, ctcocr
    from ctcocr.classify import cpu_bf16
    cpu = next((l.split(':', 1)[1].strip() for l in Path('/proc/cpuinfo').read_text().splitlines()
                if l.startswith('model name')), platform.processor()) if Path('/proc/cpuinfo').exists() else platform.processor()
    git = lambda *a: subprocess.run(['git', *a], capture_output=True, text=True).stdout.strip()
    commit = git('rev-parse', '--short', 'HEAD') + ('-dirty' if git('status', '--porcelain', '--untracked-files=no') else '')
    return dict(cpu=cpu, cores=os.cpu_count(), torch_threads=torch.get_num_threads(), python=sys.version.split()[0],
                torch=torch.__version__, fastai=fastai.__version__, numpy=numpy.__version__,
                ctcocr=ctcocr.__version__, bf16=cpu_bf16(), commit=commit or None, date=time.strftime('%Y-%m-%d %H:%M'))

def write(path, result):
    "Write `result` as JSON to `path` (through a temporary file, so a killed run leaves the old result)"
    path = Path(path); path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix('.tmp')
    tmp.write_text(json.dumps(result, indent=1) + '\n'); tmp.replace(path)
    print(f"wrote {path}")

def seeded_crnn_learner(args, split_seed, seed, splitter=None, **kwargs):
    "A captcha CRNN Learner (`args.data`, `args.bs`, `args.warp`, `args.config`, or `args.model` where set) on split `split_seed` (or `splitter`'s), initialised with `seed`"
    from fastai.torch_core import set_seed
    from ctcocr.crnn import crnn_learner
    from ctcocr.data import captcha_dls
    set_seed(seed)  # before the DataLoaders: they draw their shuffling seed when built
    dls = captcha_dls(args.data, bs=args.bs, seed=split_seed, splitter=splitter, max_warp=getattr(args, 'warp', 0.))
    return crnn_learner(dls, getattr(args, 'model', None) or getattr(args, 'config', 'cpu'), **kwargs)
