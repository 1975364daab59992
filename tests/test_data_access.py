"""`captcha_path` finds local copies without touching the network, and fails fast without one.

fastai reads FASTAI_HOME once per process, so each case runs in a fresh interpreter whose sockets raise.
"""
import sys, textwrap, time
from conftest import CAPTCHAS, run

NO_NETWORK = textwrap.dedent('''
    import socket
    def _blocked(*a, **k): raise OSError("network access attempted")
    socket.socket.connect = socket.getaddrinfo = socket.create_connection = _blocked
''')

def captcha_path_in(env, code='print(captcha_path())'):
    return run([sys.executable, '-c', NO_NETWORK + 'from ctcocr.data import captcha_path\n' + code],
               env={'CTCOCR_DATA': None, **env})

def test_fastai_home_copy_is_used_offline(tmp_path):
    (tmp_path/'data').mkdir()
    (tmp_path/'data'/'captcha_images_v2').symlink_to(CAPTCHAS)
    r = captcha_path_in({'FASTAI_HOME': str(tmp_path)})
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == str(tmp_path/'data'/'captcha_images_v2')

def test_ctcocr_data_is_used_offline(tmp_path):
    r = captcha_path_in({'FASTAI_HOME': str(tmp_path), 'CTCOCR_DATA': str(CAPTCHAS.parent)})
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == str(CAPTCHAS)

def test_missing_everywhere_is_a_clear_error_not_a_hang(tmp_path):
    start = time.time()
    r = captcha_path_in({'FASTAI_HOME': str(tmp_path)})
    assert time.time() - start < 60
    assert r.returncode != 0
    assert 'no local copy of the captcha images' in r.stderr and 'cannot be reached' in r.stderr, r.stderr

def test_ctcocr_data_without_captchas_names_the_folder(tmp_path):
    r = captcha_path_in({'FASTAI_HOME': str(tmp_path), 'CTCOCR_DATA': str(tmp_path)})
    assert r.returncode != 0 and f'{tmp_path}/captcha_images_v2 does not exist' in r.stderr, r.stderr
