"""The 8x8 digits as the RBM experiments use them, and the features-plus-logistic test.

Pieces:
    load_digits01: scikit-learn's 8x8 digits scaled to [0, 1].
    nudge: each image and its copies shifted by one pixel in four directions (as in
        scikit-learn's "RBM features for digit classification" example).
    logistic_accuracy: test accuracy of logistic regression on given features.
"""

from __future__ import annotations

import numpy as np
from scipy.ndimage import shift

__all__ = ["load_digits01", "logistic_accuracy", "nudge"]


def load_digits01() -> tuple[np.ndarray, np.ndarray]:
    """(X, y): the 1,797 digits as rows of 64 values in [0, 1] (pixel / 16) and labels."""
    from sklearn.datasets import load_digits

    data = load_digits()
    return data.data / 16.0, data.target


def nudge(X: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The images plus their copies moved one pixel up, down, left and right (5x rows)."""
    images = X.reshape(-1, 8, 8)
    moved = [X]
    for d in ((1, 0), (-1, 0), (0, 1), (0, -1)):
        moved.append(shift(images, (0, *d), order=0, mode="constant").reshape(len(X), 64))
    return np.concatenate(moved), np.tile(y, 5)


def logistic_accuracy(
    train: np.ndarray, y_train: np.ndarray, test: np.ndarray, y_test: np.ndarray, C: float
) -> float:
    """Test accuracy of ``LogisticRegression(C=C)`` fitted on (train, y_train)."""
    import warnings

    from sklearn.exceptions import ConvergenceWarning
    from sklearn.linear_model import LogisticRegression
    from threadpoolctl import threadpool_limits

    clf = LogisticRegression(C=C, max_iter=1000)
    # one BLAS thread: on a shared 2-core machine threaded BLAS made the DBN run ~17x slower
    with warnings.catch_warnings(), threadpool_limits(1):
        # at C = 6000 (scikit-learn's example) lbfgs may stop at max_iter: the score
        # reported is that of the last iterate
        warnings.simplefilter("ignore", ConvergenceWarning)
        clf.fit(train, y_train)
    return float(clf.score(test, y_test))
