"""The README stays short and true: at most 300 lines, the two set-up commands, routes that exist, the default
text path as the settings give it, and relative links that resolve. Read from source; no server, no model."""
import re
from pathlib import Path

import pytest
import yaml

from generator.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"
MAX_LINES = 300

# Markdown links and images: [text](target) and ![alt](target); the target ends at a space or ")".
LINK = re.compile(r"!?\[[^\]]*\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")


def readme() -> str:
    return README.read_text(encoding="utf-8")


def test_the_readme_has_at_most_300_lines():
    lines = readme().splitlines()
    assert len(lines) <= MAX_LINES, f"README.md has {len(lines)} lines; move detail to docs/ (at most {MAX_LINES})"


def test_the_readme_starts_with_the_space_front_matter():
    text = readme()
    assert text.startswith("---\n")
    front = yaml.safe_load(text.split("---\n", 2)[1])
    assert (front["sdk"], front["app_file"]) == ("gradio", "app.py")


def test_the_setup_section_gives_exactly_the_two_commands():
    section = readme().split("## Set-up: two commands", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```bash\n(.*?)```", section, re.DOTALL)
    assert block, "the set-up section has a bash block"
    commands = [line.split("#", 1)[0].strip() for line in block.group(1).splitlines() if line.strip()]
    assert commands == ["make run", "make test"]


# --- routes ----------------------------------------------------------------------------------------------------

def gradio_api_names() -> set[str]:
    """Every public Gradio API name, from `api_name="..."` in the UI's source."""
    source = (ROOT / "generator" / "web" / "ui.py").read_text(encoding="utf-8")
    return {"/" + name.lstrip("/") for name in re.findall(r"api_name=\"([^\"]+)\"", source)}


def http_routes() -> set[str]:
    """Every FastAPI route, from the routers' decorators and the app's docs_url."""
    routes: set[str] = set()
    for path in sorted((ROOT / "generator" / "web").glob("*.py")) + [ROOT / "app.py"]:
        source = path.read_text(encoding="utf-8")
        routes |= set(re.findall(r"@\w+\.(?:get|post|put|delete|patch|api_route)\(\s*\"([^\"]+)\"", source))
        routes |= set(re.findall(r"docs_url=\"([^\"]+)\"", source))
    return routes


def routes_named_in_the_readme() -> set[str]:
    text = readme()
    named = set(re.findall(r"`(/[A-Za-z0-9_\-/]*)`", text))  # `/health`, `/describe`, `/generate-description/`
    named |= set(re.findall(r"api_name=\"(/[^\"]+)\"", text))
    named |= set(re.findall(r"http://127\.0\.0\.1:7860(/[A-Za-z0-9_\-/]+)", text))
    return named


def test_the_sources_are_read():
    assert {"/describe", "/analyze_image", "/describe_image", "/describe_batch"} <= gradio_api_names()
    assert {"/health", "/metrics", "/info", "/docs"} <= http_routes()


def test_the_readme_names_the_operator_routes_and_the_describe_api():
    assert {"/health", "/metrics", "/info", "/docs", "/describe"} <= routes_named_in_the_readme()


@pytest.mark.parametrize("route", sorted(routes_named_in_the_readme()))
def test_each_route_the_readme_names_exists_in_the_app(route):
    assert route in gradio_api_names() | http_routes(), f"README.md names {route}, which the app does not serve"


# --- the default text path -------------------------------------------------------------------------------------

DEFAULT_PATH = re.compile(r"`TEXT_STRATEGY=auto` picks `(\w+)` for the default `(\w+)` engine, because\s+"
                          r"`TEXT_ADAPTER` defaults to\s+`(\w+)`")


def test_the_readme_states_the_default_text_path_as_the_settings_give_it(monkeypatch):
    for name in ("TEXT_STRATEGY", "TEXT_ADAPTER", "TEXT_ENGINE", "TEXT_MODEL"):
        monkeypatch.delenv(name, raising=False)
    settings = Settings()
    assert (settings.text_strategy, settings.text_adapter, settings.text_engine) == ("auto", "off", "llamacpp")

    text = readme()
    match = DEFAULT_PATH.search(text)
    assert match, "the README says what TEXT_STRATEGY=auto picks by default"
    strategy, engine, adapter = match.groups()
    assert (engine, adapter) == (settings.text_engine, settings.text_adapter)
    assert strategy == "grounded"
    assert "template realizer" in text and "No language model writes the text by default" in text


def test_auto_picks_the_grounded_strategy_for_the_default_engine(monkeypatch):
    """What the README states, from the code: the default llama.cpp engine (built, not loaded) gets `grounded`."""
    for name in ("TEXT_STRATEGY", "TEXT_ADAPTER", "TEXT_ENGINE", "TEXT_MODEL"):
        monkeypatch.delenv(name, raising=False)
    from generator.engines.text.llamacpp import LlamaCppEngine
    from generator.quality.pipeline import QualityPipeline

    settings = Settings()
    engine = LlamaCppEngine(settings.text_model, adapter=settings.text_adapter)
    pipeline = QualityPipeline(settings.best_of, settings.draft_budget, strategy=settings.text_strategy)
    assert pipeline.strategy_for(engine) == "grounded"


# --- links -----------------------------------------------------------------------------------------------------

def slug(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens."""
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return text.replace(" ", "-")


def anchors(path: Path) -> set[str]:
    text = re.sub(r"```.*?```", "", path.read_text(encoding="utf-8"), flags=re.DOTALL)
    seen: dict[str, int] = {}
    out = set()
    for heading in re.findall(r"^#{1,6} (.+)$", text, re.MULTILINE):
        base = slug(heading)
        count = seen.get(base, 0)
        seen[base] = count + 1
        out.add(base if count == 0 else f"{base}-{count}")
    return out


def relative_links(path: Path) -> list[str]:
    text = re.sub(r"```.*?```", "", path.read_text(encoding="utf-8"), flags=re.DOTALL)
    return [target for target in LINK.findall(text) if not re.match(r"[a-z][a-z0-9+.-]*:", target)]


DOCUMENTS = [README, *sorted((ROOT / "docs").glob("*.md"))]


def test_the_readme_has_relative_links():
    assert len(relative_links(README)) >= 5


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda path: str(path.relative_to(ROOT)))
def test_every_relative_link_points_at_a_file_that_exists(document):
    broken = []
    for target in relative_links(document):
        file_part, _, anchor = target.partition("#")
        resolved = (document.parent / file_part).resolve() if file_part else document
        if not resolved.exists():
            broken.append(target)
        elif anchor and resolved.suffix == ".md" and anchor not in anchors(resolved):
            broken.append(f"{target} (no such heading)")
    assert broken == [], f"{document.relative_to(ROOT)} links to what does not exist: {broken}"
