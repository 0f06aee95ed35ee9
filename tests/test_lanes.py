"""The test lanes of tests/conftest.py: every rule still points at a file and a test that exist,
every marker is registered, and the hashing test double behaves like an embedding."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import numpy as np
import pytest

from tests.conftest import LANE_MARKERS, LANES, SLOW, Lane, hashing_embed

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("lane", LANES, ids=lambda lane: f"{lane.marker}:{lane.path}")
def test_every_rule_points_at_what_exists(lane: Lane) -> None:
    target = ROOT / lane.path
    assert target.exists(), f"{lane.path} is gone: update LANES in tests/conftest.py"
    if lane.ids:
        source = target.read_text(encoding="utf-8")
        for test_id in lane.ids:
            for part in re.split(r"[\[\]]", test_id):
                assert part.strip("-") in source, f"{test_id!r} no longer names a test in {lane.path}"


def test_every_marker_is_registered() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    registered = {line.split(":")[0] for line in config["tool"]["pytest"]["ini_options"]["markers"]}
    assert {*LANE_MARKERS, SLOW} <= registered


def test_a_rule_takes_by_folder_fixture_parameter_or_id() -> None:
    folder = Lane("browser", "tests/ui")
    assert folder.takes("tests/ui/test_e2e.py", "tests/ui/test_e2e.py::t", (), ())
    assert not folder.takes("tests/uix/test_a.py", "tests/uix/test_a.py::t", (), ())
    fixture = Lane("embedding", "tests/retrieval", fixtures=("session_index",))
    assert fixture.takes("tests/retrieval/test_r.py", "x", ("tmp_path", "session_index"), ())
    assert not fixture.takes("tests/retrieval/test_r.py", "x", ("tmp_path",), ())
    param = Lane("postgres", "tests", params=("postgresql",))
    assert param.takes("tests/db/test_schema.py", "x", (), ("postgresql",))
    assert not param.takes("tests/db/test_url.py", "tests/db/test_url.py::test_postgresql_urls", (), ("sqlite",))
    by_id = Lane("office", "tests/export/test_cli.py", ids=("test_every_format[pdf]",))
    assert by_id.takes("tests/export/test_cli.py", "tests/export/test_cli.py::test_every_format[pdf]", (), ())
    assert not by_id.takes("tests/export/test_cli.py", "tests/export/test_cli.py::test_every_format[md]", (), ())


def test_the_hashing_double_is_a_normalised_embedding_that_keeps_similar_texts_close() -> None:
    texts = ["政策解读形式单一", "政策解读形式较为单一", "依申请公开答复期限", ""]
    vectors = hashing_embed(texts)
    assert vectors.shape == (4, 384) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors[:3], axis=1), 1.0) and not vectors[3].any()
    assert float(vectors[0] @ vectors[1]) > float(vectors[0] @ vectors[2])
    assert np.array_equal(hashing_embed(texts[:1])[0], vectors[0])  # deterministic


def test_tests_not_marked_embedding_embed_with_the_double() -> None:
    from assistant.retrieval.embedding import E5, current_embedder, embed_passages, embed_query

    assert current_embedder() is not E5
    assert np.array_equal(embed_passages(["年度报告"])[0], hashing_embed(["年度报告"])[0])
    assert embed_query("年度报告").shape == (384,)


def test_use_embedder_nests_and_checks_the_shape() -> None:
    from assistant.retrieval.embedding import E5, Embedder, current_embedder, embed_passages, use_embedder

    outer = current_embedder()
    with use_embedder(E5):
        assert current_embedder() is E5  # nothing embedded: the model is not loaded
        wrong = Embedder("wrong", lambda texts: np.zeros((len(texts), 3)), lambda texts: np.zeros((1, 3)))
        with use_embedder(wrong), pytest.raises(ValueError, match="expected shape"):
            embed_passages(["一"])
        assert current_embedder() is E5
    assert current_embedder() is outer
