"""Boosted trees exported from scikit-learn and scored with numpy (eventwire.learn.trees): the
scores are the classifier's own, and a model file whose trees are damaged is refused."""

from __future__ import annotations

import numpy as np
import pytest

from eventwire.learn.trees import Forest, export

sklearn_ensemble = pytest.importorskip("sklearn.ensemble", reason="scikit-learn trains the trees")


def _fitted(seed: int = 0):
    rng = np.random.default_rng(seed)
    x = (rng.random((3000, 40)) < 0.15).astype(np.float32)
    # an interaction a linear model cannot express, plus noise
    y = ((x[:, 0] * x[:, 1] + x[:, 2] * (1 - x[:, 3]) + 0.4 * rng.random(3000)) > 0.7).astype(int)
    clf = sklearn_ensemble.HistGradientBoostingClassifier(
        max_iter=40, max_leaf_nodes=15, early_stopping=False, random_state=0
    ).fit(x, y)
    return clf, x


def test_exported_trees_score_as_the_classifier_does():
    clf, x = _fitted()
    arrays, baseline = export(clf)
    forest = Forest.from_arrays(arrays, baseline)
    assert forest.feature.shape[0] == 40  # one tree per iteration
    rng = np.random.default_rng(1)
    unseen = (rng.random((500, 40)) < 0.15).astype(np.float32)
    for data in (x[:500], unseen):
        np.testing.assert_allclose(forest.margin(data), clf.decision_function(data), atol=1e-4)
    # the interaction is learnt: the trees rank (1,1) above (1,0) on features 0 and 1
    probe = np.zeros((2, 40), dtype=np.float32)
    probe[0, :2] = 1
    probe[1, 0] = 1
    assert forest.margin(probe)[0] > forest.margin(probe)[1]
    assert forest.margin(np.zeros((0, 40), dtype=np.float32)).shape == (0,)
    # what the model file keeps reads back to the same scores; a constant forest is one leaf
    again = Forest.from_arrays(forest.to_arrays(), forest.baseline)
    np.testing.assert_array_equal(again.margin(unseen), forest.margin(unseen))
    np.testing.assert_array_equal(Forest.constant(-3.0).margin(unseen[:3]), [-3.0, -3.0, -3.0])


def test_damaged_tree_arrays_are_refused():
    clf, _ = _fitted()
    arrays, baseline = export(clf)
    short = dict(arrays, tv=arrays["tv"][:, :-1])
    with pytest.raises(ValueError, match="disagree in shape"):
        Forest.from_arrays(short, baseline)
    wild = {k: v.copy() for k, v in arrays.items()}
    inner = np.argwhere(wild["tf"] >= 0)[0]
    wild["tl"][tuple(inner)] = 10_000
    with pytest.raises(ValueError, match="outside its tree"):
        Forest.from_arrays(wild, baseline)


def test_a_model_file_with_damaged_place_trees_is_a_resource_error(tmp_path):
    from test_event_model import write_model

    from eventwire.errors import ResourceError
    from eventwire.learn.model import EventModel

    clf, _ = _fitted()
    arrays, baseline = export(clf)
    path = write_model(tmp_path / "m.npz", ["bias"], [0, 0, 0, 0, 1.0])
    with np.load(path) as data:
        merged = {k: data[k] for k in data.files}
    merged["pfeatures"] = np.array([f"f{i}" for i in range(40)])
    for j in (0, 1):  # one fold, then the full model
        merged.update({f"p{a}{j}": v for a, v in arrays.items()})
        merged[f"pb{j}"] = np.array(baseline, dtype=np.float32)
    np.savez(tmp_path / "good.npz", **merged)
    model = EventModel.load(tmp_path / "good.npz")
    feats = [["f0", "f1"], ["f0"], ["unknown"]]
    x = np.zeros((3, 40), dtype=np.float32)
    x[0, :2] = x[1, 0] = 1
    np.testing.assert_allclose(model.phrase_probs("place", feats, "any text"),
                               clf.predict_proba(x)[:, 1], atol=1e-4)
    merged["pfeatures"] = merged["pfeatures"][:5]  # trees that test features the file lacks
    np.savez(tmp_path / "bad.npz", **merged)
    with pytest.raises(ResourceError, match="beyond"):
        EventModel.load(tmp_path / "bad.npz")
