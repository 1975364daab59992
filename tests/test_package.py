"The installed package: version, modules, console script"
import configparser, importlib
import ctcocr
from conftest import ROOT, run, ctcocr_bin

def test_version_matches_settings():
    cfg = configparser.ConfigParser(); cfg.read(ROOT/'settings.ini')
    assert ctcocr.__version__ == cfg['DEFAULT']['version']

def test_every_module_imports_and_exports():
    names = sorted(f.stem for f in (ROOT/'ctcocr').glob('*.py') if not f.stem.startswith('_'))
    assert len(names) == len(list((ROOT/'nbs').glob('[0-9][0-9]_*.ipynb'))), names  # a module for each numbered notebook
    for name in names:
        mod = importlib.import_module(f'ctcocr.{name}')
        assert mod.__all__ and all(hasattr(mod, o) for o in mod.__all__), name

def test_console_script():
    r = run([ctcocr_bin(), '--help'])
    assert r.returncode == 0 and 'train' in r.stdout, r.stderr
