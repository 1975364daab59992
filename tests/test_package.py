"The installed package: version, modules, console script"
import configparser, importlib
import ctcocr
from conftest import ROOT, run, ctcocr_bin

def test_version_matches_settings():
    cfg = configparser.ConfigParser(); cfg.read(ROOT/'settings.ini')
    assert ctcocr.__version__ == cfg['DEFAULT']['version']

def test_every_module_imports_and_exports():
    for name in ['data', 'classify', 'ctc', 'crnn', 'inference', 'cli']:
        mod = importlib.import_module(f'ctcocr.{name}')
        assert mod.__all__ and all(hasattr(mod, o) for o in mod.__all__), name

def test_console_script():
    r = run([ctcocr_bin(), '--help'])
    assert r.returncode == 0 and 'train' in r.stdout, r.stderr
