#!/usr/bin/env bash
# The README's test command runs this (through `make test`): the library and notebooks must be in sync
# and clean, then every notebook's tests (nbdev_test) and tests/ (pytest) run, and one closing line
# sums both: "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
bin=.venv/bin
log=$(mktemp -d)

# What nbdev_export / nbdev_clean would change in tracked or untracked-but-not-ignored files
state() { { git diff -- "$@"; git ls-files -o --exclude-standard -- "$@"; } | cksum; }
sync_failed=0
before=$(state ctcocr nbs)
"$bin/nbdev_export" && "$bin/nbdev_clean"
if [ "$before" != "$(state ctcocr nbs)" ]; then
  echo "FAILED: nbdev_export or nbdev_clean changed files; run both and commit the result:" >&2
  git status --short -- ctcocr nbs >&2
  sync_failed=1
fi

# nbdev_test tests one notebook per core. With torch's threads on top (one per core in each notebook), threads
# outnumber cores and wait on each other: on 2 cores the notebooks took 526 s, against 74 s with one thread each.
OMP_NUM_THREADS=1 "$bin/nbdev_test" --do_print --timing 2>&1 | tee "$log/nbdev.txt"
nb_total=$(grep -ao 'Starting [^ ]*\.ipynb' "$log/nbdev.txt" | wc -l)  # parallel workers can share a line
nb_failed=$(sed -n '/^nbdev Tests Failed On The Following Notebooks:/,$p' "$log/nbdev.txt" | grep -c $'^\t')

# pytest-xdist runs the tests one per core, one thread each: most of their time is `ctcocr` commands in subprocesses,
# importing torch and training for an epoch or two (373 s one after another on the 2 cores, 244 s side by side)
OMP_NUM_THREADS=1 "$bin/python" -m pytest tests -n auto -p no:cacheprovider -q --junitxml="$log/pytest.xml" 2>&1 | tee "$log/pytest.txt"
read -r py_total py_failed py_skipped < <("$bin/python" - "$log/pytest.xml" <<'PY'
import sys, xml.etree.ElementTree as ET
try: s = ET.parse(sys.argv[1]).getroot().iter('testsuite').__next__().attrib
except Exception: print(0, 1, 0); sys.exit()  # pytest did not run: count it as a failure
print(int(s['tests']), int(s['failures']) + int(s['errors']), int(s['skipped']))
PY
)
[ "$py_total" -eq 0 ] && py_failed=$((py_failed + 1))  # no test collected is a failure, not a pass

passed=$(( nb_total - nb_failed + py_total - py_failed - py_skipped ))
failed=$(( nb_failed + py_failed + sync_failed ))
echo "notebooks: $((nb_total - nb_failed)) of $nb_total passed; pytest: $((py_total - py_failed - py_skipped)) of $py_total passed, $py_skipped skipped; export/clean in sync: $([ $sync_failed = 0 ] && echo yes || echo no)"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
