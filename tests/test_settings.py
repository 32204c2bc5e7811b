import pytest

from generator.settings import Settings


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
