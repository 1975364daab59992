"""Write README.md from nbs/index.ipynb without Quarto (nbdev_readme needs Quarto).

`python tools/readme.py` writes it; `python tools/readme.py --check` exits 1 when README.md has drifted.
"""
import re, sys
from pathlib import Path
import nbformat
from nbconvert import MarkdownExporter

ROOT = Path(__file__).resolve().parent.parent
HEADER = '<!-- generated from nbs/index.ipynb by `make readme`: edit the notebook, not this file -->\n\n'

def readme_text(nb_path=ROOT/'nbs'/'index.ipynb') -> str:
    "The README as nbdev would render it: hidden cells dropped, cell directives removed"
    nb = nbformat.read(nb_path, as_version=4)
    nb.metadata['language_info'] = {'name': 'python'}  # nbdev_clean strips it; it names the code fences
    nb.cells = [c for c in nb.cells if not re.search(r'^#\|\s*hide\s*$', c.source, flags=re.M)]
    for c in nb.cells:
        if c.cell_type == 'code': c.source = re.sub(r'^#\|.*\n?', '', c.source, flags=re.M)
    body, _ = MarkdownExporter().from_notebook_node(nb)
    return HEADER + body.strip() + '\n'

if __name__ == '__main__':
    readme = ROOT/'README.md'
    if '--check' in sys.argv:
        if readme.read_text(encoding='utf-8') != readme_text(): sys.exit('README.md differs from nbs/index.ipynb: run `make readme`')
    else: readme.write_text(readme_text(), encoding='utf-8')
