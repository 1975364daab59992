import os, shutil, subprocess, sys
from pathlib import Path
import pytest
from hypothesis import settings

# property tests (test_properties.py) run the same examples every time, so that CI cannot fail by chance;
# `pytest tests/test_properties.py --hypothesis-profile=explore` draws new and more of them
settings.register_profile('repeatable', max_examples=150, derandomize=True, database=None, deadline=None)  # deadline: numba compiles the search once
settings.register_profile('explore', max_examples=2000, deadline=None)
settings.load_profile('repeatable')

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get('CTCOCR_DATA') or ROOT.parent/'shared'/'data')
CAPTCHAS = SHARED/'captcha_images_v2'

@pytest.fixture(scope='session')
def tiny_captchas(tmp_path_factory):
    "A folder of 24 real captchas"
    if not CAPTCHAS.is_dir(): pytest.fail(f"the shared captcha images are missing: {CAPTCHAS}")
    d = tmp_path_factory.mktemp('captchas')
    for f in sorted(CAPTCHAS.glob('*.png'))[:24]: shutil.copy(f, d)
    return d

def run(args, env=None, **kwargs):
    "Run a command with the test environment, capturing its output"
    full_env = {**os.environ, **(env or {})}
    full_env = {k: v for k, v in full_env.items() if v is not None}
    return subprocess.run(args, capture_output=True, text=True, env=full_env, timeout=600, **kwargs)

def ctcocr_bin(): return str(Path(sys.executable).parent/'ctcocr')

@pytest.fixture(scope='session')
def tiny_names(tmp_path_factory):
    "A Kaggle-layout names folder: 48 training and 16 validation images, with an UNREADABLE and an empty row"
    src = SHARED/'handwriting_names'
    if not src.is_dir(): pytest.fail(f"the shared names are missing: {src}")
    d = tmp_path_factory.mktemp('names')
    for split, n in (('train', 48), ('validation', 16)):
        (d/f'{split}_v2'/split).mkdir(parents=True)
        rows = (src/f'written_name_{split}_v2.csv').read_text().splitlines()
        kept = [r for r in rows[1:] if r.split(',', 1)[1] not in ('', 'UNREADABLE')][:n]
        for r in kept: shutil.copy(src/f'{split}_v2'/split/r.split(',')[0], d/f'{split}_v2'/split)
        extra = [f"{kept[0].split(',')[0]},UNREADABLE", f"{kept[1].split(',')[0]},"]
        (d/f'written_name_{split}_v2.csv').write_text('\n'.join([rows[0], *kept, *extra]) + '\n')
    return d

@pytest.fixture(scope='session')
def tiny_lines(tmp_path_factory):
    "A line-TSV folder of 24 real lines from 4 pages"
    src = SHARED/'peraire_lines'
    if not src.is_dir(): pytest.fail(f"the shared lines are missing: {src}")
    d = tmp_path_factory.mktemp('lines'); (d/'lines').mkdir()
    rows = (src/'labels.tsv').read_text(encoding='utf-8').splitlines()
    by_page = {}
    for r in rows[1:]: by_page.setdefault(r.split('\t')[3], []).append(r)
    kept = [r for page in sorted(by_page)[:4] for r in by_page[page][:6]]
    for r in kept: shutil.copy(src/r.split('\t')[0], d/'lines')
    (d/'labels.tsv').write_text('\n'.join([rows[0], *kept]) + '\n', encoding='utf-8')
    return d
