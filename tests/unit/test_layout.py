"""The shape the code keeps: a wiring-only app.py, short functions, small classes, quality imports one way."""
import ast
import re

from tests.helpers import ROOT

SOURCES = [ROOT / "app.py", *sorted((ROOT / "generator").rglob("*.py"))]
MAX_FUNCTION_LINES, MAX_CLASS_LINES, MAX_APP_LINES = 60, 250, 200


def definitions(kind: type) -> list[tuple[str, int]]:
    found = []
    for path in SOURCES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, kind):
                found.append((f"{path.relative_to(ROOT)}:{node.lineno} {node.name}", node.end_lineno - node.lineno + 1))
    return found


def test_no_function_is_over_60_lines():
    long = [(name, lines) for name, lines in definitions((ast.FunctionDef, ast.AsyncFunctionDef))
            if lines > MAX_FUNCTION_LINES]
    assert not long


def test_no_class_is_over_250_lines():
    assert not [(name, lines) for name, lines in definitions(ast.ClassDef) if lines > MAX_CLASS_LINES]


def test_app_only_creates_and_serves():
    app = ROOT / "app.py"
    functions = [node.name for node in ast.parse(app.read_text()).body if isinstance(node, ast.FunctionDef)]
    assert functions == ["create_app", "main"] and len(app.read_text().splitlines()) <= MAX_APP_LINES


def test_quality_imports_run_one_way():
    # each may import earlier ones
    order = ["nlp", "lexicon", "check", "factcheck", "analysis", "claims", "phrases", "realize", "guard", "compose",
             "voice", "postprocess", "drafting", "repair", "selection", "grounded", "phrasing", "phraser", "writer",
             "pipeline"]
    for module in [m for m in order if m != "check"] + ["scorecard"]:
        text = (ROOT / "generator" / "quality" / f"{module}.py").read_text()
        imported = set(re.findall(r"^from \.(\w+) import", text, re.MULTILINE))
        allowed = set(order[: order.index(module)]) if module in order else set()
        assert imported <= allowed, (module, imported - allowed)
    # check/ (the checker's parsing and matching) reads only the pipeline and the word lists
    for path in (ROOT / "generator" / "quality" / "check").glob("*.py"):
        imported = set(re.findall(r"^from \.\.(\w+) import", path.read_text(), re.MULTILINE))
        assert imported <= {"nlp", "lexicon"}, (path.name, imported)


def test_engines_know_nothing_of_the_web_or_metrics():
    for path in (ROOT / "generator" / "engines").rglob("*.py"):
        text = path.read_text()
        assert not re.search(r"^\s*(from|import) .*(gradio|fastapi|metrics|\.web)", text, re.MULTILINE), path
