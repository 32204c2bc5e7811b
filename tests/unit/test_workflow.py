"""The GitHub Actions workflow, checked offline: its structure, its deploy conditions, its scripts.

actionlint runs on it where the binary is installed (in the virtualenv or on PATH); everything
else needs only PyPI packages the project already installs (PyYAML, huggingface_hub).
"""
from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
WORKFLOW = ROOT / ".github" / "workflows" / "ci.yml"
BIN = Path(sys.executable).parent
SECRET_REF = re.compile(r"\$\{\{\s*secrets\.")
EXPR = re.compile(r"\$\{\{(.*?)\}\}", re.S)


def load(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def workflow() -> dict:
    return load(WORKFLOW)


@pytest.fixture(scope="module")
def jobs(workflow) -> dict:
    return workflow["jobs"]


def triggers(workflow: dict) -> dict:
    # PyYAML (YAML 1.1) reads the bare key `on` as the boolean True.
    return workflow.get("on", workflow.get(True))


def local_action(step: dict) -> dict | None:
    uses = step.get("uses", "")
    if uses.startswith("./"):
        return load(ROOT / uses / "action.yml")
    return None


def expanded_steps(job: dict) -> list[dict]:
    """A job's steps, with each local composite action replaced by its steps."""
    steps = []
    for step in job["steps"]:
        action = local_action(step)
        if action is not None:
            assert action["runs"]["using"] == "composite"
            steps.extend(action["runs"]["steps"])
        else:
            steps.append(step)
    return steps


def scripts(job: dict) -> str:
    return "\n".join(step["run"] for step in expanded_steps(job) if "run" in step)


def step_using(job: dict, action: str) -> dict:
    matches = [step for step in job["steps"] if step.get("uses", "").startswith(action + "@")]
    assert matches, f"no step uses {action}"
    return matches[0]


def all_files() -> list[tuple[Path, dict]]:
    files = [(WORKFLOW, load(WORKFLOW))]
    files += [(path, load(path)) for path in sorted((ROOT / ".github" / "actions").glob("*/action.yml"))]
    return files


def all_steps() -> list[dict]:
    steps = []
    for _, doc in all_files():
        if "jobs" in doc:
            steps += [step for job in doc["jobs"].values() for step in job["steps"]]
        else:
            steps += doc["runs"]["steps"]
    return steps


# ----------------------------------------------------------------------------- triggers

def test_triggers(workflow):
    on = triggers(workflow)
    assert on is not None, "the workflow has no `on:`"
    assert set(on) == {"pull_request", "push", "workflow_dispatch"}
    push = on["push"]
    assert "v*" in push["tags"]
    # Listing tags limits push to tags unless branches are listed too: every branch must still run.
    assert push["branches"] == ["**"]
    assert not push.get("branches-ignore") and not push.get("paths")
    deploy = on["workflow_dispatch"]["inputs"]["deploy_production"]
    assert deploy["type"] == "boolean"
    assert deploy["default"] is False


def test_least_privilege_token(workflow):
    assert workflow["permissions"] == {"contents": "read"}


# ----------------------------------------------------------------------------- test job

def test_test_job_installs_and_caches(jobs):
    test = jobs["test"]
    assert test["runs-on"] == "ubuntu-latest"
    assert step_using(test, "actions/checkout")["uses"] == "actions/checkout@v4"
    setup = step_using(test, "actions/setup-python")
    assert setup["uses"] == "actions/setup-python@v5"
    assert str(setup["with"]["python-version"]) == "3.11"
    assert setup["with"]["cache"] == "pip"
    assert "requirements" in setup["with"]["cache-dependency-path"]
    cache = step_using(test, "actions/cache")
    assert cache["uses"] == "actions/cache@v4"
    assert cache["with"]["path"] == "~/.cache/product-description-generator"  # the Makefile's llama wheelhouse
    assert "hashFiles('requirements.txt')" in cache["with"]["key"]

    env = test["env"]
    assert str(env["CMAKE_BUILD_PARALLEL_LEVEL"]) == "4"
    for flag in ("-DGGML_OPENMP=OFF", "-DLLAVA_BUILD=OFF", "-DLLAMA_BUILD_TESTS=OFF", "-DLLAMA_BUILD_EXAMPLES=OFF",
                 "-DLLAMA_BUILD_TOOLS=OFF", "-DLLAMA_BUILD_SERVER=OFF"):
        assert flag in env["CMAKE_ARGS"].split()
    assert env["PIP_EXTRA_INDEX_URL"] == "https://download.pytorch.org/whl/cpu"


def test_test_job_runs_security_checks_before_the_tests(jobs):
    commands = [step["run"] for step in jobs["test"]["steps"] if "run" in step]
    text = "\n".join(commands)

    def index(fragment: str) -> int:
        found = [i for i, command in enumerate(commands) if fragment in command]
        assert found, f"no step runs {fragment!r}"
        return found[0]

    assert "apt-get install -y chromium" in text
    assert index("pip install -r requirements-dev.txt") < index("bandit -r app.py generator -ll")
    assert index("bandit -r app.py generator -ll") < index("make test")
    assert index("pip-audit -r") < index("make test")
    assert "requirements.txt" in commands[index("pip-audit -r")]  # a copy without the build options
    # The checks must fail the job: nothing may swallow their exit status.
    assert "continue-on-error" not in json.dumps(jobs["test"])
    for fragment in ("bandit -r", "pip-audit -r", "make test"):
        command = commands[index(fragment)]
        assert "|| true" not in command and "|| :" not in command, command


def test_test_job_touches_no_secret(jobs):
    assert not SECRET_REF.search(json.dumps(jobs["test"]))
    assert "environment" not in jobs["test"]


# ----------------------------------------------------------------------------- deploy jobs

def evaluate(condition: str, event: str, ref: str, deploy_production: bool | None = None) -> bool:
    """Evaluates the small subset of the Actions expression language the deploy conditions use."""
    text = EXPR.sub(lambda m: m.group(1), condition).strip()
    values = {
        "github.event_name": repr(event),
        "github.ref": repr(ref),
        "inputs.deploy_production": repr(deploy_production),
        "github.event.inputs.deploy_production": repr(None if deploy_production is None
                                                      else str(deploy_production).lower()),
    }
    for name in sorted(values, key=len, reverse=True):
        text = text.replace(name, values[name])
    text = text.replace("&&", " and ").replace("||", " or ")
    text = re.sub(r"!(?!=)", " not ", text)
    text = text.replace("startsWith", "_starts_with").replace("\n", " ")
    leftover = re.sub(r"'[^']*'|_starts_with|\b(and|or|not|True|False|None)\b|==|!=|[(),\s]", "", text)
    assert not leftover, f"unsupported expression parts: {leftover!r} in {condition!r}"
    return bool(eval(text, {"__builtins__": {}},  # a vetted, literal-only expression
                     {"_starts_with": lambda a, b: str(a).lower().startswith(str(b).lower())}))


RUNS = [
    # event, ref, dispatch input, staging?, production?
    ("push", "refs/heads/main", None, True, False),
    ("push", "refs/heads/feature/x", None, False, False),
    ("push", "refs/tags/v1.2.0", None, False, True),
    ("push", "refs/tags/release-1", None, False, False),
    ("pull_request", "refs/pull/7/merge", None, False, False),
    ("workflow_dispatch", "refs/heads/main", True, False, True),
    ("workflow_dispatch", "refs/heads/main", False, False, False),
]


@pytest.mark.parametrize("event,ref,dispatch,staging,production", RUNS)
def test_which_deploy_runs(jobs, event, ref, dispatch, staging, production):
    assert evaluate(jobs["deploy-staging"]["if"], event, ref, dispatch) is staging
    assert evaluate(jobs["deploy-production"]["if"], event, ref, dispatch) is production


@pytest.mark.parametrize("name,environment,variable,other", [
    ("deploy-staging", "staging", "vars.HF_STAGING_SPACE_ID", "vars.HF_SPACE_ID"),
    ("deploy-production", "production", "vars.HF_SPACE_ID", "vars.HF_STAGING_SPACE_ID"),
])
def test_deploy_job(jobs, name, environment, variable, other):
    job = jobs[name]
    assert job["needs"] in ("test", ["test"])
    assert job["environment"] == environment
    text = json.dumps(job)
    assert re.search(r"\$\{\{\s*" + re.escape(variable) + r"\s*\}\}", text)
    assert not re.search(re.escape(other) + r"\b", text), f"{name} must not use {other}"
    assert re.search(r"\$\{\{\s*secrets\.HF_TOKEN\s*\}\}", text)
    # The token reaches the hf CLI as the HF_TOKEN environment variable, nothing else.
    env_values = [value for step in expanded_steps(job) for key, value in (step.get("env") or {}).items()
                  if key == "HF_TOKEN"]
    assert env_values, "no step gives the hf CLI its HF_TOKEN"
    assert "hf upload" in scripts(job)
    assert "--repo-type=space" in scripts(job) or "--repo-type space" in scripts(job)


def upload_command(job: dict) -> list[str]:
    script = scripts(job).replace("\\\n", " ")
    line = next(line for line in script.splitlines() if line.strip().startswith("hf upload"))
    return shlex.split(line)


@pytest.mark.parametrize("name", ["deploy-staging", "deploy-production"])
def test_upload_leaves_out_tests_ci_and_caches(jobs, name):
    from huggingface_hub.utils import filter_repo_objects

    command = upload_command(jobs[name])
    assert command[:5] == ["hf", "upload", "$SPACE_ID", ".", "."]
    # The hf CLI takes one pattern per --exclude (`--exclude a b` is a usage error).
    excludes = [command[i + 1] for i, arg in enumerate(command) if arg == "--exclude"]
    assert {"tests/*", ".github/*", ".dvc/cache/*", ".venv/*", "*.pyc"} <= set(excludes)
    paths = ["app.py", "README.md", "requirements.txt", "build_info.json", "generator/service.py",
             "generator/engines/text/llamacpp.py", "models.dvc", ".dvc/config",
             "tests/test_app.py", "tests/engines/test_llamacpp.py", ".github/workflows/ci.yml",
             ".github/actions/deploy-space/action.yml", ".dvc/cache/files/md5/ab/cdef", ".venv/bin/python",
             "generator/__pycache__/service.cpython-311.pyc"]
    kept = set(filter_repo_objects(paths, ignore_patterns=excludes))
    assert kept == {"app.py", "README.md", "requirements.txt", "build_info.json", "generator/service.py",
                    "generator/engines/text/llamacpp.py", "models.dvc", ".dvc/config"}


def test_hf_cli_accepts_the_upload_command(jobs, tmp_path):
    """The installed hf CLI parses the exact upload command; offline, it stops at the first request."""
    action_steps = expanded_steps(jobs["deploy-staging"])
    upload = next(step for step in action_steps if "hf upload" in step.get("run", ""))
    (tmp_path / "app.py").write_text("print('hi')\n")
    fake_token = "hf_" + "x" * 34
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
           "HF_HUB_OFFLINE": "1", "HF_ENDPOINT": "http://127.0.0.1:9", "HF_HOME": str(tmp_path / "hf-home"),
           "HF_TOKEN": fake_token, "SPACE_ID": "owner/space", "GIT_SHA": "0" * 40}
    result = subprocess.run(["bash", "-e", "-c", upload["run"]], cwd=tmp_path, env=env,
                            capture_output=True, text=True, timeout=120)
    output = result.stdout + result.stderr
    assert result.returncode != 2 and "Usage:" not in output, output
    assert "offline" in output.lower(), output
    assert fake_token not in output


def test_upload_refuses_an_empty_space_id(jobs, tmp_path):
    upload = next(step for step in expanded_steps(jobs["deploy-staging"]) if "hf upload" in step.get("run", ""))
    env = {**os.environ, "PATH": "/usr/bin:/bin", "HF_TOKEN": "hf_fake", "SPACE_ID": "", "GIT_SHA": "0"}
    result = subprocess.run(["bash", "-e", "-c", upload["run"]], cwd=tmp_path, env=env,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode != 0 and "::error::" in result.stdout


# ----------------------------------------------------------------------------- build_info.json

def build_info_step(job: dict) -> dict:
    steps = [step for step in expanded_steps(job) if "build_info.json" in step.get("run", "")]
    assert len(steps) == 1, "exactly one step writes build_info.json"
    return steps[0]


@pytest.mark.parametrize("name", ["deploy-staging", "deploy-production"])
def test_build_info_written_before_upload(jobs, name):
    steps = expanded_steps(jobs[name])
    writes = next(i for i, step in enumerate(steps) if "build_info.json" in step.get("run", ""))
    uploads = next(i for i, step in enumerate(steps) if "hf upload" in step.get("run", ""))
    assert writes < uploads
    step = steps[writes]
    assert "github.sha" in json.dumps(step)
    assert "models.dvc" in step["run"]
    assert "python -c" in step["run"]


MODELS_DVC = """outs:
- md5: 0123456789abcdef0123456789abcdef.dir
  size: 123456
  nfiles: 3
  hash: md5
  path: models
"""


@pytest.mark.parametrize("models_dvc,md5", [
    (None, "none"),
    (MODELS_DVC, "0123456789abcdef0123456789abcdef.dir"),
])
def test_build_info_contents(jobs, tmp_path, models_dvc, md5):
    step = build_info_step(jobs["deploy-staging"])
    if models_dvc is not None:
        (tmp_path / "models.dvc").write_text(models_dvc)
    sha = "1234567890abcdef1234567890abcdef12345678"
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}", "GIT_SHA": sha,
           "GIT_REF": "main"}
    result = subprocess.run(["bash", "-e", "-c", step["run"]], cwd=tmp_path, env=env,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    info = json.loads((tmp_path / "build_info.json").read_text())
    assert info["git_sha"] == sha
    assert info["models_md5"] == md5
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00", info["build_time"]), info["build_time"]
    # The step's own environment maps GIT_SHA to the commit being deployed.
    assert re.search(r"\$\{\{\s*github\.sha\s*\}\}", step["env"]["GIT_SHA"])


# ----------------------------------------------------------------------------- secrets

def test_no_secret_is_echoed_or_inlined():
    for step in all_steps():
        run = step.get("run", "")
        # Secrets only travel through `env:`/`with:`, never pasted into a script.
        assert not SECRET_REF.search(run), run
        assert "inputs.hf-token" not in run, run
        assert not re.search(r"^\s*set\s+-[a-z]*x", run, re.M), run
        for line in run.splitlines():
            # Nothing dumps the environment, and nothing prints the token's value.
            assert not re.fullmatch(r"\s*(env|printenv|set|export\s+-p)\s*", line), line
            if re.search(r"\b(echo|printf|cat|tee|printenv)\b", line):
                assert not re.search(r"\$\{?HF_TOKEN\b|secrets\.|hf-token", line), line
        assert "--token" not in run, run


def test_token_input_only_feeds_hf_token():
    for path, doc in all_files():
        text = path.read_text()
        if "inputs.hf-token" in text:
            uses = [step for step in doc["runs"]["steps"] if "inputs.hf-token" in json.dumps(step)]
            for step in uses:
                assert [k for k, v in step.get("env", {}).items() if "inputs.hf-token" in str(v)] == ["HF_TOKEN"]
                assert "inputs.hf-token" not in json.dumps({k: v for k, v in step.items() if k != "env"})
