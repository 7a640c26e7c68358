"""Boosted trees scored with numpy alone: a binary scikit-learn ``HistGradientBoostingClassifier``
over 0/1 features, exported to flat arrays (:func:`export`, at training time) and scored by
:class:`Forest` at run time.

Scoring follows QuickScorer (Lucchese et al., SIGIR 2015), which suits sparse 0/1 features: a
tree's leaves are numbered left to right, and every split whose feature is present (the sample
goes right) clears the bits of the leaves under its left branch; the sample's leaf is the lowest
bit left. So a candidate costs a handful of array operations over the splits its present
features take part in, whatever the depth of the trees (walking them level by level cost 10x).

The arrays of one forest, under a prefix: ``tf`` the feature a node tests (-1 at a leaf), ``tt``
its threshold (the sample goes left when its value is at most that), ``tl``/``tr`` the children,
``tv`` the value a leaf adds to the score, each ``(n_trees, n_nodes)`` with trees padded to the
largest; the baseline score is stored beside them by the caller.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

#: array names of one forest, after its prefix
ARRAYS = ("tf", "tt", "tl", "tr", "tv")


#: a tree may have this many leaves at most (one bit each in a uint64)
MAX_LEAVES = 64


@dataclass(frozen=True)
class Forest:
    feature: np.ndarray  # (n_trees, n_nodes) int32, -1 at a leaf and in padding
    threshold: np.ndarray  # float32
    left: np.ndarray  # int32
    right: np.ndarray  # int32
    value: np.ndarray  # float32, a leaf's contribution
    baseline: float
    # QuickScorer's tables (built by from_arrays): every split's feature, tree and the mask that
    # clears its left branch's leaves; each tree's leaf values left to right
    split_feature: np.ndarray = field(repr=False, default_factory=lambda: np.zeros(0, np.int32))
    split_tree: np.ndarray = field(repr=False, default_factory=lambda: np.zeros(0, np.int64))
    split_mask: np.ndarray = field(repr=False, default_factory=lambda: np.zeros(0, np.uint64))
    leaf_value: np.ndarray = field(repr=False, default_factory=lambda: np.zeros((0, 0)))

    @classmethod
    def from_arrays(cls, arrays: dict[str, np.ndarray], baseline: float) -> Forest:
        """A forest from its five arrays (keys :data:`ARRAYS`); ValueError when they disagree,
        a child points outside its tree, a tree has more than MAX_LEAVES leaves or a split is
        not one of a 0/1 feature."""
        feature, threshold, left, right, value = (np.asarray(arrays[k]) for k in ARRAYS)
        shapes = {a.shape for a in (feature, threshold, left, right, value)}
        if len(shapes) != 1 or feature.ndim != 2:
            raise ValueError(f"the tree arrays disagree in shape: {sorted(shapes)}")
        n_trees, n_nodes = feature.shape
        inner = feature >= 0
        for child in (left, right):
            if inner.any() and (child[inner].min() < 0 or child[inner].max() >= n_nodes):
                raise ValueError("a tree node points outside its tree")
        if inner.any() and not ((threshold[inner] > 0) & (threshold[inner] < 1)).all():
            raise ValueError("a split's threshold is outside (0, 1): only 0/1 features are scored")
        feats, trees, masks = [], [], []
        leaf_value = np.zeros((n_trees, MAX_LEAVES))
        for t in range(n_trees):
            leaves: list[int] = []  # leaf nodes, left to right
            under: dict[int, tuple[int, int]] = {}  # node -> its leaves' [first, end) positions
            stack, seen = [(0, False)], 0
            while stack:  # post-order walk, so that a node's children are numbered first
                node, done = stack.pop()
                if feature[t, node] < 0:
                    under[node] = (len(leaves), len(leaves) + 1)
                    leaves.append(node)
                elif done:
                    under[node] = (under[int(left[t, node])][0], under[int(right[t, node])][1])
                else:
                    stack += [(node, True), (int(right[t, node]), False),
                              (int(left[t, node]), False)]
                seen += 1
                if seen > 2 * n_nodes:
                    raise ValueError("a tree's nodes form a cycle")
            if len(leaves) > MAX_LEAVES:
                raise ValueError(f"a tree has {len(leaves)} leaves, more than {MAX_LEAVES}")
            leaf_value[t, : len(leaves)] = value[t, leaves]
            for node in np.flatnonzero(inner[t]):
                if node not in under:
                    continue  # unreachable padding
                first, end = under[int(left[t, node])]
                clear = ((1 << (end - first)) - 1) << first
                feats.append(int(feature[t, node]))
                trees.append(t)
                masks.append(~clear & (2**64 - 1))
        return cls(
            feature.astype(np.int32),
            threshold.astype(np.float32),
            left.astype(np.int32),
            right.astype(np.int32),
            value.astype(np.float32),
            float(baseline),
            np.array(feats, dtype=np.int32),
            np.array(trees, dtype=np.int64),
            np.array(masks, dtype=np.uint64),
            leaf_value,
        )

    @classmethod
    def constant(cls, margin: float) -> Forest:
        """A forest of one leaf that scores every row ``margin`` (a class never seen in training)."""
        arrays = {a: np.zeros((1, 1), dtype=np.float32 if a in ("tt", "tv") else np.int32)
                  for a in ARRAYS}
        arrays["tf"][:] = -1
        return cls.from_arrays(arrays, margin)

    def to_arrays(self) -> dict[str, np.ndarray]:
        """The five arrays (keys :data:`ARRAYS`) that :meth:`from_arrays` reads back."""
        return dict(zip(ARRAYS, (self.feature, self.threshold, self.left, self.right, self.value),
                        strict=True))

    @property
    def n_features(self) -> int:
        return int(self.feature.max()) + 1 if self.feature.size else 0

    def margin(self, x: np.ndarray) -> np.ndarray:
        """Raw scores (log-odds) of the rows of ``x`` (n, n_features; 0/1), as the classifier's
        ``decision_function`` gives them."""
        n, n_trees = x.shape[0], self.leaf_value.shape[0]
        bits = np.full(n * n_trees, np.iinfo(np.uint64).max, dtype=np.uint64)
        rows, splits = np.nonzero(x[:, self.split_feature] > 0.5)  # the splits that go right
        np.bitwise_and.at(bits, rows * n_trees + self.split_tree[splits], self.split_mask[splits])
        lowest = np.bitwise_count((bits & (~bits + np.uint64(1))) - np.uint64(1))
        leaf = lowest.reshape(n, n_trees)
        return self.baseline + self.leaf_value[np.arange(n_trees)[None, :], leaf].sum(axis=1)


def binary_rows(feats: list[list[str]], vocab: dict[str, int]) -> np.ndarray:
    """Rows of 0/1 features, one per list of feature names (names outside ``vocab`` ignored)."""
    x = np.zeros((len(feats), len(vocab)), dtype=np.float32)
    for i, fs in enumerate(feats):
        x[i, [vocab[f] for f in fs if f in vocab]] = 1.0
    return x


def export(clf: Any) -> tuple[dict[str, np.ndarray], float]:
    """The arrays (keys :data:`ARRAYS`) and baseline of a fitted binary
    ``HistGradientBoostingClassifier`` without categorical features.

    It reads the fitted model's ``_predictors`` and ``_baseline_prediction``, which scikit-learn
    does not document: the version is pinned in the ``learn`` extra, and
    ``tests/unit/test_trees.py`` checks the export against ``decision_function``."""
    trees = [p[0].nodes for p in clf._predictors]  # one tree per iteration for two classes
    if any(len(p) != 1 for p in clf._predictors):
        raise ValueError("only a binary classifier can be exported")
    n_nodes = max((len(t) for t in trees), default=1)
    out = {
        "tf": np.full((len(trees), n_nodes), -1, dtype=np.int32),
        "tt": np.zeros((len(trees), n_nodes), dtype=np.float32),
        "tl": np.zeros((len(trees), n_nodes), dtype=np.int32),
        "tr": np.zeros((len(trees), n_nodes), dtype=np.int32),
        "tv": np.zeros((len(trees), n_nodes), dtype=np.float32),
    }
    for k, nodes in enumerate(trees):
        if nodes["is_categorical"].any():
            raise ValueError("categorical splits cannot be exported")
        m = len(nodes)
        leaf = nodes["is_leaf"].astype(bool)
        out["tf"][k, :m] = np.where(leaf, -1, nodes["feature_idx"])
        out["tt"][k, :m] = nodes["num_threshold"]
        out["tl"][k, :m] = np.where(leaf, 0, nodes["left"])
        out["tr"][k, :m] = np.where(leaf, 0, nodes["right"])
        out["tv"][k, :m] = np.where(leaf, nodes["value"], 0.0)
    return out, float(np.ravel(clf._baseline_prediction)[0])
