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
