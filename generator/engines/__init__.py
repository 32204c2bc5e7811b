"""Engines: text and vision backends behind small interfaces (base.py), picked through registry.py and
owned by the EngineSet (engine_set.py). Adding one: ADDING_AN_ENGINE.md."""
