"""spaCy's pipeline loads without importing torch (cold start), and torch still imports for the photo model."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = """
import sys, threading
from generator.quality.nlp import nlp
doc = nlp()("The kettle holds 1.7 litres.")
assert [t.tag_ for t in doc][:3] == ["DT", "NN", "VBZ"], [t.tag_ for t in doc]
assert "torch" not in sys.modules, "thinc imported torch while spaCy loaded"
import thinc.compat
assert thinc.compat.has_torch is False
found = []
worker = threading.Thread(target=lambda: found.append(__import__("torch").__version__))
worker.start(); worker.join()
assert found and "torch" in sys.modules  # the photo model's thread imports it as usual
print("ok")
"""


def test_spacy_loads_without_torch_and_torch_still_imports_afterwards():
    result = subprocess.run([sys.executable, "-c", SCRIPT], cwd=ROOT, capture_output=True, text=True, timeout=300,
                            env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    assert result.returncode == 0 and result.stdout.strip().endswith("ok"), result.stderr[-2000:]


THREADED = """
import sys, threading
from generator.quality.nlp import nlp
started = threading.Event()
versions = []
def photo_model():
    started.set()
    import torch
    versions.append(torch.__version__)
worker = threading.Thread(target=photo_model)
worker.start(); started.wait()
nlp()  # loads while the other thread imports torch: neither fails
worker.join()
assert versions and nlp()("It works.")[0].tag_ == "PRP"
print("ok")
"""


def test_a_thread_importing_torch_while_spacy_loads_is_not_refused():
    result = subprocess.run([sys.executable, "-c", THREADED], cwd=ROOT, capture_output=True, text=True, timeout=300,
                            env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    assert result.returncode == 0 and result.stdout.strip().endswith("ok"), result.stderr[-2000:]
