from generator.cache import ResponseCache, cache_key


def test_key_depends_on_every_part():
    base = dict(product={"name": "a"}, model="m1", prompt_version="1")
    assert cache_key(**base) == cache_key(**dict(base))
    assert cache_key(**base) != cache_key(**{**base, "model": "m2"})
    assert cache_key(**base) != cache_key(**{**base, "prompt_version": "2"})


def test_bounded_least_recently_used():
    cache = ResponseCache(max_entries=2)
    cache.put("a", {"v": 1})
    cache.put("b", {"v": 2})
    assert cache.get("a") == {"v": 1}  # a is now the most recent
    cache.put("c", {"v": 3})
    assert cache.get("b") is None and cache.get("a") and cache.get("c") and len(cache) == 2


def test_directory_survives_a_restart(tmp_path):
    ResponseCache(directory=tmp_path).put("k", {"text": "hello"})
    assert ResponseCache(directory=tmp_path).get("k") == {"text": "hello"}


def test_injected_fault_directory_is_a_file_so_writes_fail(tmp_path):
    """Injected fault: the cache directory path is a regular file, so every write fails."""
    blocker = tmp_path / "cache"
    blocker.write_text("not a directory")
    cache = ResponseCache(directory=blocker)
    cache.put("k", {"v": 1})
    assert cache.disk_error and cache.get("k") == {"v": 1}


def test_a_change_to_anything_that_writes_the_text_is_a_miss():
    """A CACHE_DIR cache must not serve text from before a change of strategy, candidates, budgets or code."""
    from generator.product import Style
    from generator.service import DescriptionService
    from generator.settings import Settings
    from tests.conftest import WATER_BOTTLE
    from tests.fakes import ScriptedTextEngine, ScriptedVisionEngine

    def service(**settings):
        return DescriptionService(Settings(warmup=False, **settings), text_engine=ScriptedTextEngine(),
                                  vision_engine=ScriptedVisionEngine())

    product = service().describe(WATER_BOTTLE, Style(), seed=1).product

    def key(**settings):
        svc = service(**settings)
        return svc._cache_key(svc.text_engine, product, Style(), 1, 1)

    base = key()
    changed = [key(text_strategy="grounded"), key(voice_candidates=2), key(writer_candidates=2),
               key(draft_budget=3.0), key(best_of=2), key(git_commit="another-commit"), key(text_strategy="edit")]
    assert base == key() and base not in changed and len(set(changed)) == len(changed)
    from generator import service as service_module

    for name in ("PROMPT_VERSION", "WRITER_FORMAT_VERSION", "EDITOR_FORMAT_VERSION"):  # a prompt format changes
        original = getattr(service_module, name)
        try:
            setattr(service_module, name, original + "-next")
            assert key() != base, name
        finally:
            setattr(service_module, name, original)


def test_the_disk_cache_is_bounded_and_evicts_the_oldest(tmp_path):
    import os

    from generator.cache import DISK_FACTOR

    cache = ResponseCache(max_entries=2, directory=tmp_path)
    for index in range(3 * DISK_FACTOR * 2):
        cache.put(f"k{index}", {"text": str(index)})
        os.utime(tmp_path / f"k{index}.json", (index, index))  # a distinct write time each
    names = sorted(path.stem for path in tmp_path.glob("*.json"))
    assert len(names) == DISK_FACTOR * 2 and "k0" not in names and f"k{3 * DISK_FACTOR * 2 - 1}" in names
