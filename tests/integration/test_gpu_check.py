"""scripts/gpu_check.py, the GPU machine's script, smoke-tested here on the CPU (--cpu-only): every step runs
and passes, and the JSON lands in $OUT. On a GPU it runs the same steps with DEVICE=cuda."""
import json
import os
import subprocess
import sys

from tests.helpers import ROOT


def test_the_gpu_check_runs_on_the_cpu_and_writes_its_json(tmp_path):
    env = {**os.environ, "OUT": str(tmp_path), "MODEL_THREADS": "1"}
    done = subprocess.run([sys.executable, "scripts/gpu_check.py", "--cpu-only", "--tokens", "8"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    report = json.loads((tmp_path / "gpu_check.json").read_text())
    assert report["checks"] and all(check["ok"] for check in report["checks"])
    names = [check["check"] for check in report["checks"]]
    assert "transformers text engine on cpu" in names and "BLIP captions on cpu" in names
    assert "report names the device (cpu)" in names
    models = [row["model"] for row in report["speed"]]
    assert models[:2] == ["tiny random Gemma (transformers)", "small random Gemma ~25M (transformers)"]
    assert all(isinstance(row["cpu"], float) for row in report["speed"])
    assert "| model | cpu tok/s | GPU / CPU |" in done.stdout
