"""The engine registry: every engine builds from the settings, and capabilities replace name checks."""
import re
from pathlib import Path

import pytest

from generator.engines import registry
from generator.settings import Settings, choices_of

ROOT = Path(__file__).resolve().parents[2]
REMOTE = {"text_base_url": "http://127.0.0.1:9/v1", "text_model": "m", "vision_base_url": "http://127.0.0.1:9/v1",
          "vision_model": "m"}


@pytest.mark.parametrize("spec", registry.ENGINES, ids=lambda spec: f"{spec.kind}-{spec.name}")
def test_every_engine_builds_from_settings_without_loading(spec):
    settings = Settings(**{f"{spec.kind}_engine": spec.name, **REMOTE})
    engine = spec.create(settings)
    assert engine.name == spec.name and engine.info()["engine"] == spec.name


def test_the_settings_offer_exactly_the_registered_engines():
    assert choices_of("text_engine") == choices_of("ab_text_engine") == ("llamacpp", "transformers", "openai")
    assert choices_of("vision_engine") == ("classifier", "blip", "openai")
    with pytest.raises(ValueError, match="unknown text engine 'gpt'"):
        registry.spec("text", "gpt")


def test_capabilities_drive_behaviour():
    assert Settings(text_engine="openai", **REMOTE).batch_concurrency == 4  # remote: rows in parallel
    assert Settings(text_engine="llamacpp").batch_concurrency == 1
    assert Settings(batch_workers=3).batch_concurrency == 3
    assert [spec.name for spec in registry.ENGINES if spec.captions] == ["blip"]  # the Image tab's Caption field


def test_no_engine_name_checks_outside_the_engines_package():
    pattern = re.compile(r"(text|vision)_engine\s*(==|!=|in\b)")
    sources = [ROOT / "app.py", *sorted((ROOT / "generator").rglob("*.py"))]
    found = [f"{path.relative_to(ROOT)}:{number}" for path in sources if "engines" not in path.parts
             for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
             if pattern.search(line)]
    assert found == []


@pytest.mark.parametrize("spec", [s for s in registry.ENGINES if s.kind == "text"], ids=lambda spec: spec.name)
def test_each_text_engine_has_the_capabilities_its_spec_declares(spec):
    engine = spec.create(Settings(text_engine=spec.name, **REMOTE))
    assert engine.raw_prompts is spec.raw_prompts
    assert not engine.has_adapter  # TEXT_ADAPTER is off by default


def test_the_strategy_follows_capabilities_not_engine_names():
    from generator.quality.pipeline import QualityPipeline
    from tests.fakes import ScriptedCompletionEngine, ScriptedTextEngine

    class WithAdapter(ScriptedCompletionEngine):
        has_adapter = True

    pipeline = QualityPipeline(1, 1.0)
    assert pipeline.strategy_for(ScriptedTextEngine()) == "free"  # chat only
    assert pipeline.strategy_for(ScriptedCompletionEngine([])) == "grounded"  # raw prompts
    assert pipeline.strategy_for(WithAdapter([])) == "writer"  # raw prompts and an adapter
    assert QualityPipeline(1, 1.0, strategy="grounded").strategy_for(WithAdapter([])) == "grounded"


def _imports(path: Path, modules: set[str]) -> list[str]:
    """Modules of generator/ that `path` imports when it is imported (not under TYPE_CHECKING, not in functions)."""
    import ast

    module = ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = []
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            continue
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")
                parent = parent[: len(parent) - (node.level - 1)]
                base = ".".join([*parent, base] if base else parent)
            # `from package import module` imports the module; `from module import name`, the module
            found += [f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base for alias in node.names]
    return [name for name in found if name.startswith("generator")]


def test_generator_has_no_import_cycle():
    modules = {".".join(p.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__"): p
               for p in (ROOT / "generator").rglob("*.py")}
    graph = {name: {m for m in _imports(path, set(modules)) if m in modules and m != name}
             for name, path in modules.items()}
    state: dict[str, int] = {}  # 1: on the current path, 2: done

    def visit(node, path):
        state[node] = 1
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                raise AssertionError("import cycle: " + " -> ".join([*path[path.index(nxt):], nxt]))
            if nxt not in state:
                visit(nxt, [*path, nxt])
        state[node] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name, [name])


def test_nothing_catches_notimplementederror_as_a_capability_check():
    sources = sorted((ROOT / "generator").rglob("*.py"))
    assert [str(p) for p in sources if re.search(r"except\s*\(?[\w\s,]*NotImplementedError", p.read_text())] == []
