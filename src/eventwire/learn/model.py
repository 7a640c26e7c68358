"""The event model at run time: a linear sentence classifier and an event-confidence calibrator.

``EventModel.load(path)`` reads the ``.npz`` file that ``python -m eventwire.learn.train`` writes
(plain arrays plus a JSON header; no pickle). ``probs(feats, vec, text)`` gives the probability
of each Phoenix pentaclass for a sentence; ``confidence(p_class, rule_conf, top)`` the calibrated
probability that an event's class is the sentence's class. Only numpy is needed at run time.

Held-out rule: the file keeps, besides the model fitted on all training sentences, one model per
cross-validation fold and the text key of every training sentence. A sentence the model was
trained on is scored by the fold model that never saw it, so ``eventwire eval`` on a training
set measures out-of-fold predictions, never memorised ones.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..errors import ResourceError
from .features import text_key
from .trees import ARRAYS as TREE_ARRAYS
from .trees import Forest, binary_rows

FORMAT = 1
N_CLASSES = 5
#: the candidate models in the file, each over candidates' binary features, a logistic regression
#: (arrays ``gw0``, ``gb0``, ``gfeatures``) or boosted trees (``ptf0``... and ``pb0``, see .trees):
#: name -> prefix of its arrays; the target and source phrase models (see .targets) and the place
#: model (see .places)
PHRASE_KEYS = {"target": "g", "source": "s", "place": "p"}


@dataclass(frozen=True)
class _Linear:
    weights: np.ndarray  # (n_features, n_classes)
    dense: np.ndarray  # (n_dense, n_classes)
    bias: np.ndarray  # (n_classes,)


class EventModel:
    """A loaded event model; see the module docstring."""

    def __init__(
        self,
        vocab: dict[str, int],
        full: _Linear,
        folds: list[_Linear],
        holdout: dict[str, int],
        calibrator: np.ndarray,
        meta: dict,
        types: list[tuple[np.ndarray, np.ndarray]] | None = None,
        phrases: dict[str, tuple[dict[str, int], list[tuple[np.ndarray, float]] | list[Forest]]]
        | None = None,
        resolution: tuple[list[str], list[tuple[np.ndarray, float]]] | None = None,
    ) -> None:
        self.vocab = vocab
        self.full = full
        self.folds = folds
        self.holdout = holdout
        self.calibrator = calibrator  # (w_logit_p, w_rule_conf, w_top, bias)
        self.meta = meta
        self.types = types or []  # per fold, then full: (weights, bias) over PLOVER_TYPES
        self.name = f"event-model/{meta.get('id', '?')}"
        # the candidate models (see PHRASE_KEYS), "target", "source", "place": each its
        # vocabulary and (weights, bias) or a Forest per fold, then the full model
        self.phrases = phrases or {}
        # the toponym resolution calibration: input names and (weights, bias) per fold, then full
        self.resolution = resolution

    def has_phrases(self, side: str) -> bool:
        """Whether the file holds the candidate model ``side`` ("target", "source" or "place")."""
        return side in self.phrases

    @classmethod
    def load(cls, path: str | Path) -> EventModel:
        """Read a model file; a missing or malformed one is a ResourceError saying how to build it."""
        path = Path(path)
        hint = "build it with: python -m eventwire.learn.train (reads ../shared/data)"
        if not path.is_file():
            raise ResourceError(f"event model {path} not found", hint=hint)
        try:
            with np.load(path, allow_pickle=False) as data:
                meta = json.loads(str(data["meta"]))
                if meta.get("format") != FORMAT:
                    raise ValueError(f"format {meta.get('format')!r}, expected {FORMAT}")
                vocab = {f: i for i, f in enumerate(data["features"].tolist())}
                n_folds = int(meta["folds"])
                models = [
                    _Linear(
                        data[f"w{k}"].astype(np.float32),
                        data[f"d{k}"].astype(np.float32),
                        data[f"b{k}"].astype(np.float32),
                    )
                    for k in range(n_folds + 1)
                ]
                keys = data["holdout_keys"].tolist()
                folds_of = data["holdout_folds"].tolist()
                calibrator = data["calibrator"].astype(np.float64)
                types = [
                    (data[f"tw{k}"].astype(np.float32), data[f"tb{k}"].astype(np.float32))
                    for k in range(n_folds + 1)
                    if f"tw{k}" in data
                ]
                phrases = {}
                for side, key in PHRASE_KEYS.items():
                    pvocab = {}
                    if f"{key}features" in data:
                        pvocab = {f: i for i, f in enumerate(data[f"{key}features"].tolist())}
                    if f"{key}tf0" in data:  # boosted trees (see .trees)
                        forests = [
                            Forest.from_arrays({a: data[f"{key}{a}{k}"] for a in TREE_ARRAYS},
                                               float(data[f"{key}b{k}"]))
                            for k in range(n_folds + 1)
                        ]
                        if any(f.n_features > len(pvocab) for f in forests):
                            raise ValueError(f"the {side} model's trees test features beyond "
                                             f"its {len(pvocab)}")
                        phrases[side] = (pvocab, forests)
                    elif f"{key}w0" in data:
                        weights = [
                            (data[f"{key}w{k}"].astype(np.float32), float(data[f"{key}b{k}"]))
                            for k in range(n_folds + 1)
                        ]
                        if any(w.shape != (len(pvocab),) for w, _ in weights):
                            raise ValueError(f"the {side} model's weights do not match its "
                                             f"{len(pvocab)} features")
                        phrases[side] = (pvocab, weights)
                resolution = None
                if "rfeatures" in data:
                    names = [str(n) for n in data["rfeatures"].tolist()]
                    rmodels = [(data[f"rw{k}"].astype(np.float64), float(data[f"rb{k}"]))
                               for k in range(n_folds + 1)]
                    if any(w.shape != (len(names),) for w, _ in rmodels):
                        raise ValueError(f"the resolution calibration's weights do not match its "
                                         f"{len(names)} inputs")
                    resolution = (names, rmodels)
        except (OSError, KeyError, ValueError) as exc:
            raise ResourceError(f"event model {path} is unreadable: {exc}", hint=hint) from exc
        holdout = dict(zip(keys, folds_of, strict=True))
        return cls(vocab, models[-1], models[:-1], holdout, calibrator, meta, types, phrases,
                   resolution)

    def resolution_probability(self, inputs: dict[str, float], fold: int | None) -> float | None:
        """The probability that a toponym's chosen place is right (see .train_resolution), by the
        fold calibration ``fold`` (that of a training article, :meth:`fold_of`) or the full one;
        None when the file has no calibration."""
        if self.resolution is None:
            return None
        names, models = self.resolution
        w, b = models[-1] if fold is None else models[fold]
        return logistic(w, b, names, inputs)

    def fold_of(self, text: str) -> int | None:
        """The fold of a training text (sentence or article), None for any other text."""
        return self.holdout.get(text_key(text))

    def probs(self, feats: list[str], vec: np.ndarray, text: str) -> np.ndarray:
        """Pentaclass probabilities of one sentence (held-out fold model for training sentences)."""
        fold = self.holdout.get(text_key(text))
        lin = self.full if fold is None else self.folds[fold]
        idx = [self.vocab[f] for f in feats if f in self.vocab]
        z = lin.weights[idx].sum(axis=0) + lin.bias
        if vec.shape[0] == lin.dense.shape[0]:
            z = z + vec @ lin.dense
        z = z - z.max()
        e = np.exp(z)
        return e / e.sum()

    def type_probs(self, feats: list[str], text: str) -> np.ndarray | None:
        """PLOVER type probabilities from text features alone (None when the file has no type
        model); held-out fold model for training sentences, as for :meth:`probs`."""
        if not self.types:
            return None
        fold = self.holdout.get(text_key(text))
        w, b = self.types[-1] if fold is None else self.types[fold]
        z = w[[self.vocab[f] for f in feats if f in self.vocab]].sum(axis=0) + b
        e = np.exp(z - z.max())
        return e / e.sum()

    def phrase_probs(self, side: str, feats: list[list[str]], text: str) -> np.ndarray:
        """Probability that each candidate (its feature names) is the main event's ``side``
        ("target" or "source" phrase) or an event's place ("place"); held-out fold model for
        training sentences, as for :meth:`probs`."""
        fold = self.holdout.get(text_key(text))
        vocab, models = self.phrases[side]
        model = models[-1] if fold is None else models[fold]
        if isinstance(model, Forest):
            z = model.margin(binary_rows(feats, vocab))
        else:
            w, b = model
            z = np.array([w[[vocab[f] for f in fs if f in vocab]].sum() + b for fs in feats])
        return 1.0 / (1.0 + np.exp(-z))

    def confidence(self, p_class: float, rule_conf: float, top: bool) -> float:
        """Calibrated probability that an event's class is its sentence's class."""
        return calibrated(self.calibrator, p_class, rule_conf, top)


def calibrator_inputs(p_class: float, rule_conf: float, top: bool) -> list[float]:
    """The calibrator's inputs: the model's log-odds for the event's class, the rule confidence,
    and whether the class is the model's first choice."""
    p = min(max(p_class, 1e-4), 1 - 1e-4)
    return [float(np.log(p / (1 - p))), float(rule_conf), float(top)]


def calibrated(coef: np.ndarray, p_class: float, rule_conf: float, top: bool) -> float:
    """Logistic calibrator: coef = (weights..., bias)."""
    x = calibrator_inputs(p_class, rule_conf, top)
    z = float(np.dot(coef[:-1], x) + coef[-1])
    return float(1.0 / (1.0 + np.exp(-z)))


def logistic(weights: np.ndarray, bias: float, names: list[str], inputs: dict[str, float]) -> float:
    """A logistic regression over named inputs (a missing one is 0): the resolution calibration."""
    z = bias + sum(float(weights[i]) * inputs.get(n, 0.0) for i, n in enumerate(names))
    return float(1.0 / (1.0 + np.exp(-z)))


def reliability(conf: list[float], hit: list[int], bins: int = 10) -> tuple[float, list[str]]:
    """Expected calibration error and one printed line per non-empty confidence bin."""
    conf_a, hit_a = np.array(conf), np.array(hit)
    ece, lines = 0.0, []
    for b in range(bins):
        lo, hi = b / bins, (b + 1) / bins
        m = (conf_a >= lo) & ((conf_a < hi) if b < bins - 1 else (conf_a <= hi))
        if not m.any():
            continue
        gap = abs(conf_a[m].mean() - hit_a[m].mean())
        ece += m.sum() / len(conf_a) * gap
        lines.append(
            f"    {lo:.1f}-{hi:.1f}  n={int(m.sum()):4d}  mean conf {conf_a[m].mean():.3f}"
            f"  share right {hit_a[m].mean():.3f}"
        )
    return float(ece), lines
