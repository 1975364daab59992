import os, shutil, subprocess, sys
from pathlib import Path
import pytest

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
