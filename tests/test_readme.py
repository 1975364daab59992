"README.md is generated from nbs/index.ipynb, and CI runs the README's test command"
import sys
from conftest import ROOT
sys.path.insert(0, str(ROOT/'tools'))
from readme import readme_text

def test_readme_is_generated_from_index():
    assert (ROOT/'README.md').read_text(encoding='utf-8') == readme_text(), 'README.md is stale: run `make readme`'

def test_ci_runs_the_readme_test_command():
    assert 'make test' in (ROOT/'README.md').read_text(encoding='utf-8')
    assert (ROOT/'.ci'/'run').read_text().strip().splitlines()[-1] == 'make test'
