import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from generator.settings import Settings, SettingsError, markdown_table

ROOT = Path(__file__).resolve().parents[2]


def test_defaults_are_offline_embedded_models(monkeypatch):
    for name in ("TEXT_ENGINE", "TEXT_MODEL", "VISION_ENGINE", "GRADIO_SERVER_PORT", "GRADIO_SERVER_NAME"):
        monkeypatch.delenv(name, raising=False)
    settings = Settings.from_env()
    assert (settings.text_engine, settings.text_model, settings.vision_engine) == ("llamacpp", "", "classifier")
    assert (settings.server_name, settings.server_port) == ("127.0.0.1", 7860)


def test_reads_documented_variables(monkeypatch):
    monkeypatch.setenv("TEXT_ENGINE", "Transformers")
    monkeypatch.setenv("TEXT_MODEL", "google/gemma-2b-it")
    monkeypatch.setenv("TEXT_MODEL_REVISION", "abc123")
    monkeypatch.setenv("GRADIO_SERVER_PORT", "9000")
    settings = Settings.from_env()
    assert (settings.text_engine, settings.text_model, settings.text_model_revision) == (
        "transformers", "google/gemma-2b-it", "abc123")
    assert settings.server_port == 9000


@pytest.mark.parametrize("name, value", [("TEXT_ENGINE", "gpt"), ("GRADIO_SERVER_PORT", "x"), ("VISION_ENGINE", "?")])
def test_bad_values_fail_with_the_variable_name(monkeypatch, name, value):
    monkeypatch.setenv(name, value)
    with pytest.raises(ValueError, match=name):
        Settings.from_env()


# --- declared once, checked at start-up ----------------------------------------------------------------


@pytest.mark.parametrize("name, value, message", [
    ("VERIFY_BEST_OF", "0", "VERIFY_BEST_OF='0': input should be greater than or equal to 1"),
    ("AB_SHARE", "2", "AB_SHARE='2': input should be less than or equal to 1"),
    ("VERIFY_DRAFT_BUDGET", "0.5", "VERIFY_DRAFT_BUDGET='0.5': input should be greater than or equal to 1"),
    ("RATE_LIMIT", "lots", "RATE_LIMIT='lots': must be in the `limits` syntax"),
    ("LOG_LEVEL", "loud", "LOG_LEVEL='loud': must be one of DEBUG, INFO, WARNING, ERROR, CRITICAL"),
    ("AB_TEXT_ENGINE", "gpt", "AB_TEXT_ENGINE='gpt': must be one of llamacpp, transformers, openai"),
    ("MODEL_WARMUP", "maybe", "MODEL_WARMUP='maybe': input should be a valid boolean"),
])
def test_a_bad_value_is_refused_naming_the_variable(monkeypatch, name, value, message):
    monkeypatch.setenv(name, value)
    with pytest.raises(SettingsError) as info:
        Settings.from_env()
    assert str(info.value).startswith(message)


@pytest.mark.parametrize("name, value", [("VERIFY_BEST_OF", "0"), ("AB_SHARE", "2")])
def test_the_app_does_not_start_on_a_bad_value(name, value):
    started = time.monotonic()
    result = subprocess.run([sys.executable, "app.py"], cwd=ROOT, env={**os.environ, name: value},
                            capture_output=True, text=True, timeout=60)
    assert result.returncode != 0 and time.monotonic() - started < 10
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"app.py: bad setting: {name}={value!r}: "), result.stderr


def test_values_are_normalised(monkeypatch):
    monkeypatch.setenv("LOG_LEVEL", " debug ")
    monkeypatch.setenv("TEXT_MODEL", "  ")  # empty is the default
    monkeypatch.setenv("APP_GIT_COMMIT", "abc123")
    settings = Settings.from_env()
    assert (settings.log_level, settings.text_model, settings.git_commit) == ("DEBUG", "", "abc123")


def test_secrets_stay_out_of_repr_and_reach_variant_b():
    settings = Settings(text_api_key="sk-never-shown", ab_share=0.5)
    assert "sk-never-shown" not in repr(settings) and "sk-never-shown" not in str(settings)
    assert settings.variant_b().text_api_key.get_secret_value() == "sk-never-shown"


def test_the_vision_server_has_its_own_retries():
    from generator.engines.registry import spec

    settings = Settings(vision_engine="openai", vision_base_url="http://h/v1", vision_model="m", text_max_retries=0,
                        vision_max_retries=5)
    assert spec("vision", "openai").create(settings).max_retries == 5


def test_every_environment_variable_is_read_in_settings_only():
    sources = [ROOT / "app.py", *sorted((ROOT / "generator").rglob("*.py"))]
    readers = [str(path.relative_to(ROOT)) for path in sources
               if re.search(r"os\.environ|getenv\(", path.read_text(encoding="utf-8"))]
    assert readers == []


def test_the_readme_table_is_generated_from_the_settings():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    begin, end = "<!-- settings table: python -m generator.settings --markdown -->\n", "<!-- end of settings table -->"
    assert begin in readme and end in readme, "the README lost its settings table markers"
    table = readme.split(begin, 1)[1].split(end, 1)[0]
    assert table == markdown_table(), "README settings table is stale: run python -m generator.settings --markdown"


# --- issue 15: forwarded headers, the public address, slow clients --------------------------------------

@pytest.mark.parametrize("name, value, message", [
    ("FORWARDED_ALLOW_IPS", "10.0.0.0/8, proxy.local", "FORWARDED_ALLOW_IPS='10.0.0.0/8, proxy.local': 'proxy.local' "
                                                       "is not an IP address, a CIDR network or *"),
    ("PUBLIC_URL", "shop.example", "PUBLIC_URL='shop.example': must be an http:// or https:// address"),
    ("CLIENT_TIMEOUT", "0", "CLIENT_TIMEOUT='0': input should be greater than or equal to 1"),
])
def test_proxy_and_client_settings_are_checked(monkeypatch, name, value, message):
    monkeypatch.setenv(name, value)
    with pytest.raises(SettingsError) as info:
        Settings.from_env()
    assert str(info.value).startswith(message)


def test_links_start_with_the_public_url_else_the_space_address(monkeypatch):
    for name in ("PUBLIC_URL", "SPACE_HOST", "FORWARDED_ALLOW_IPS"):
        monkeypatch.delenv(name, raising=False)
    assert Settings.from_env().root_url == "" and Settings.from_env().forwarded_allow_ips == ""
    monkeypatch.setenv("SPACE_HOST", "owner-shop.hf.space")
    assert Settings.from_env().root_url == "https://owner-shop.hf.space"
    monkeypatch.setenv("PUBLIC_URL", "https://shop.example/describe/")
    assert Settings.from_env().root_url == "https://shop.example/describe"


def test_rate_limit_off_turns_it_off_and_an_empty_variable_keeps_the_default(monkeypatch):
    monkeypatch.setenv("RATE_LIMIT", "off")
    assert Settings().rate_limit == ""
    monkeypatch.setenv("RATE_LIMIT", "")
    assert Settings().rate_limit == "30/minute"
