"""Supervised tasks for the learning models, generated or shipped offline.

Every target lies in [0, 1] (a net's sigmoid outputs can reach it), so a net that
always answers 1/2 has a mean squared error of at most 1/4, and exactly 1/4 when the
targets are 0 or 1.

Pieces:
    Task: training and test arrays, and how to score accuracy.
    teacher_student: regression onto a random teacher net of the student's shape.
    parity: the k-sparse parity of n ±1 bits (XOR for k = 2), on a split of all 2^n inputs.
    digits: scikit-learn's bundled 8×8 handwritten digits, one-hot targets.
    TASKS, make_task: the three tasks by name, with the layer sizes of the net to train.
    Minibatches: the stream of minibatch indices (shuffled epochs).
    checkpoints: log-spaced points at which a training run is measured.
    check_task_names, check_hidden_sizes: validation of experiment parameters.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from neuroagents.errors import ValidationError
from neuroagents.models.learning.feedforward import LayeredNet
from neuroagents.validation import as_generator, check_int, check_real

__all__ = [
    "TASKS",
    "Minibatches",
    "Task",
    "check_hidden_sizes",
    "check_task_names",
    "checkpoints",
    "digits",
    "make_task",
    "parity",
    "teacher_student",
]


@dataclass(frozen=True)
class Task:
    """A supervised task: inputs ``(N, n_in)``, targets ``(N, n_out)`` in [0, 1].

    Attributes:
        name: short name (``"teacher"``, ``"parity"``, ``"digits"``).
        x_train: training inputs.
        y_train: training targets.
        x_test: held-out inputs.
        y_test: held-out targets.
        classification: whether accuracy is defined (argmax over outputs, or output > 1/2
            for a single output); a regression task scores accuracy as NaN.
        teacher: the net that made the targets, for a teacher–student task.
    """

    name: str
    x_train: np.ndarray
    y_train: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray
    classification: bool
    teacher: LayeredNet | None = None

    def __post_init__(self) -> None:
        # The nets answer in (0, 1) and the allele fitness 1/4 - MSE assumes targets in
        # [0, 1] (a net that always answers 1/2 then scores at most 1/4): refuse others.
        for part in ("train", "test"):
            x, y = getattr(self, f"x_{part}"), getattr(self, f"y_{part}")
            if x.ndim != 2 or y.ndim != 2 or x.shape[0] != y.shape[0]:
                raise ValidationError(
                    f"Task {self.name!r}: x_{part} and y_{part} must be 2-D with one row per "
                    f"example. Got shapes {x.shape} and {y.shape}."
                )
            for label, arr in ((f"x_{part}", x), (f"y_{part}", y)):
                if not np.all(np.isfinite(arr)):
                    raise ValidationError(f"Task {self.name!r}: {label} must be finite.")
            outside = (y < 0) | (y > 1)
            if outside.any():
                r, c = (int(v) for v in np.argwhere(outside)[0])
                raise ValidationError(
                    f"Task {self.name!r}: targets must lie in [0, 1] (sigmoid outputs; the "
                    f"fitness 1/4 - MSE assumes it). y_{part}[{r}, {c}] = {y[r, c]}. "
                    "Rescale them, e.g. (y - y.min()) / (y.max() - y.min())."
                )
        if self.x_train.shape[1] != self.x_test.shape[1]:
            raise ValidationError(
                f"Task {self.name!r}: train and test inputs differ in width "
                f"({self.x_train.shape[1]} vs {self.x_test.shape[1]})."
            )

    @property
    def n_in(self) -> int:
        """Input dimension."""
        return self.x_train.shape[1]

    @property
    def n_out(self) -> int:
        """Output dimension."""
        return self.y_train.shape[1]

    def accuracy(self, output: np.ndarray, target: np.ndarray) -> float:
        """Fraction of examples classified right (NaN for a regression task).

        Examples:
            >>> t = parity(n_bits=2, k=2, rng=0)
            >>> t.accuracy(np.array([[0.9], [0.2]]), np.array([[1.0], [1.0]]))
            0.5
        """
        if not self.classification:
            return float("nan")
        if target.shape[1] == 1:
            right = (output[:, 0] > 0.5) == (target[:, 0] > 0.5)
        else:
            right = np.argmax(output, axis=1) == np.argmax(target, axis=1)
        return float(np.mean(right))


def teacher_student(
    sizes: Sequence[int] = (10, 20, 4),
    *,
    n_train: int = 1000,
    n_test: int = 500,
    teacher_scale: float = 3.0,
    rng: Any = None,
) -> Task:
    """Regression onto a random teacher: ``y = teacher(x)``, ``x ~ Normal(0, I)``.

    The teacher is :meth:`LayeredNet.random` with ``weight_scale = teacher_scale``,
    hidden thresholds Normal(0, 1), and output thresholds equal to the mean drive of
    each output over the drawn inputs, so that its outputs spread over (0, 1) around
    1/2. The student to train has the same layer sizes.

    Examples:
        >>> t = teacher_student((5, 8, 2), n_train=100, n_test=50, rng=0)
        >>> t.x_train.shape, t.y_test.shape, t.teacher.sizes
        ((100, 5), (50, 2), (5, 8, 2))
    """
    check_int("n_train", n_train, "teacher_student", low=1)
    check_int("n_test", n_test, "teacher_student", low=1)
    check_real("teacher_scale", teacher_scale, "teacher_student", low=0)
    gen = as_generator(rng, "teacher_student")
    teacher = LayeredNet.random(sizes, rng=gen, weight_scale=teacher_scale)
    thresholds = [gen.normal(size=t.shape) for t in teacher.thresholds]
    x = gen.normal(size=(n_train + n_test, teacher.sizes[0]))
    # Centre each output's drive over the inputs, so that the targets spread around 1/2.
    drive = LayeredNet(teacher.weights, thresholds).activations(x)[-2] @ teacher.weights[-1].T
    thresholds[-1] = drive.mean(axis=0)
    teacher = LayeredNet(teacher.weights, thresholds)
    y = teacher.forward(x)
    return Task("teacher", x[:n_train], y[:n_train], x[n_train:], y[n_train:], False, teacher)


def parity(n_bits: int = 8, k: int = 3, *, test_fraction: float = 0.25, rng: Any = None) -> Task:
    """k-sparse parity: the target is the XOR of the first ``k`` of ``n_bits`` bits.

    Inputs are every one of the 2^n_bits bit strings, coded −1/+1, shuffled and split
    into training and held-out strings (the held-out ones are never seen in training,
    so accuracy on them measures generalisation of a function of k bits). k = 2 is XOR
    with ``n_bits − 2`` distracting bits; k = n_bits is full parity.

    Examples:
        >>> t = parity(n_bits=4, k=2, test_fraction=0.25, rng=0)
        >>> len(t.x_train), len(t.x_test)
        (12, 4)
        >>> all(y == (a > 0) ^ (b > 0) for (a, b, *_), (y,) in zip(t.x_train, t.y_train))
        True
    """
    check_int("n_bits", n_bits, "parity", low=1, high=20)
    check_int("k", k, "parity", low=1, high=n_bits)
    check_real(
        "test_fraction", test_fraction, "parity", low=0, high=1, low_open=True, high_open=True
    )
    gen = as_generator(rng, "parity")
    codes = np.arange(2**n_bits)
    bits = (codes[:, None] >> np.arange(n_bits)) & 1
    y = (bits[:, :k].sum(axis=1) % 2).astype(np.float64)[:, None]
    x = 2.0 * bits - 1.0
    order = gen.permutation(len(codes))
    n_test = max(1, round(test_fraction * len(codes)))
    test, train = order[:n_test], order[n_test:]
    return Task("parity", x[train], y[train], x[test], y[test], True)


def digits(*, test_fraction: float = 0.25, rng: Any = None) -> Task:
    """scikit-learn's 8×8 digits (1797 images, bundled offline): pixels / 16, one-hot targets.

    A stratified random split keeps ``test_fraction`` of every digit for testing.

    Examples:
        >>> t = digits(rng=0)
        >>> t.n_in, t.n_out, len(t.x_train) + len(t.x_test)
        (64, 10, 1797)
    """
    from sklearn.datasets import load_digits

    check_real(
        "test_fraction", test_fraction, "digits", low=0, high=1, low_open=True, high_open=True
    )
    gen = as_generator(rng, "digits")
    data = load_digits()
    x = data.data / 16.0
    labels = data.target
    test = np.zeros(len(labels), dtype=bool)
    for c in np.unique(labels):
        members = np.flatnonzero(labels == c)
        chosen = gen.choice(members, size=round(test_fraction * len(members)), replace=False)
        test[chosen] = True
    y = np.eye(10)[labels]
    return Task("digits", x[~test], y[~test], x[test], y[test], True)


TASKS = {
    "teacher": "teacher-student regression: 10 Normal inputs, 4 outputs of a random teacher",
    "parity": "3-sparse parity of 8 ±1 bits (192 training, 64 held-out strings)",
    "digits": "scikit-learn 8×8 digits: 64 pixels, 10 one-hot outputs (1347 / 450 split)",
}


def make_task(name: str, hidden: Sequence[int], *, rng: Any = None) -> tuple[Task, tuple[int, ...]]:
    """One of :data:`TASKS` with its defaults, and the layer sizes of the net to train.

    The net has the task's input and output sizes around the ``hidden`` layers; for
    ``"teacher"`` the teacher has exactly that shape.

    Examples:
        >>> task, sizes = make_task("parity", [16], rng=0)
        >>> task.name, sizes
        ('parity', (8, 16, 1))
    """
    hidden = tuple(check_int(f"hidden[{k}]", h, "make_task", low=1) for k, h in enumerate(hidden))
    if name == "teacher":
        task = teacher_student((10, *hidden, 4), rng=rng)
    elif name == "parity":
        task = parity(8, 3, rng=rng)
    elif name == "digits":
        task = digits(rng=rng)
    else:
        listed = ", ".join(repr(t) for t in TASKS)
        raise ValidationError(
            f"The 'name' parameter of make_task must be one of {listed}. Got {name!r} instead."
        )
    return task, (task.n_in, *hidden, task.n_out)


class Minibatches:
    """Minibatch indices: shuffled epochs of ``n`` examples cut into ``batch_size`` pieces.

    Two streams made from the same seed yield the same minibatches, which is how every
    learning method of a comparison sees the same data in the same order.

    Examples:
        >>> stream = Minibatches(5, 2, rng=0)
        >>> [len(stream.next()) for _ in range(4)]
        [2, 2, 2, 2]
    """

    def __init__(self, n: int, batch_size: int, rng: Any = None) -> None:
        self.n = check_int("n", n, "Minibatches", low=1)
        self.batch_size = check_int("batch_size", batch_size, "Minibatches", low=1, high=n)
        self._rng = as_generator(rng, "Minibatches")
        self._order = self._rng.permutation(n)
        self._at = 0

    def next(self) -> np.ndarray:
        """The indices of the next minibatch (a new shuffled epoch when one runs out)."""
        if self._at + self.batch_size > self.n:
            self._order = self._rng.permutation(self.n)
            self._at = 0
        idx = self._order[self._at : self._at + self.batch_size]
        self._at += self.batch_size
        return idx


def checkpoints(total: int, points: int, every: int = 1) -> np.ndarray:
    """0, ``total`` and about ``points`` log-spaced multiples of ``every`` in between.

    Examples:
        >>> checkpoints(1000, 4, every=10).tolist()
        [0, 10, 50, 220, 1000]
    """
    grid = np.geomspace(every, max(total, every), max(points, 1))
    marks = np.unique(np.round(grid / every).astype(np.int64) * every)
    return np.unique(np.concatenate([[0], marks[marks <= total], [total]]))


def check_task_names(tasks: Any, name: str = "params.tasks") -> list[str]:
    """A non-empty list of names from :data:`TASKS`, or a ValidationError naming the bad one."""
    if not isinstance(tasks, list | tuple) or not tasks:
        raise ValidationError(f"{name} must be a non-empty list of task names. Got {tasks!r}.")
    for t in tasks:
        if t not in TASKS:
            raise ValidationError(f"{name} must name tasks among {list(TASKS)}. Got {t!r}.")
    return list(tasks)


def check_hidden_sizes(hidden: Any, name: str = "params.hidden") -> list[int]:
    """A non-empty list of integers >= 1, or a ValidationError."""
    ok = isinstance(hidden, list | tuple) and all(
        isinstance(h, int) and not isinstance(h, bool) and h >= 1 for h in hidden
    )
    if not ok or not hidden:
        raise ValidationError(
            f"{name} must be a non-empty list of layer sizes (integers >= 1). Got {hidden!r}."
        )
    return list(hidden)
