"""Test data generators, outside the core: the tests, the benchmarks and scripts/ import them;
``assistant`` and ``ui`` never do."""
