"""Monitoring stage: compare production traffic in the prediction log with the training reference.

* :func:`monitor_report`: drift overall and per subgroup, a daily time series, performance and
  calibration once feedback labels exist; writes ``monitor.json`` and ``monitor.html``
  (``meddx monitor report``);
* :data:`DRIFT_TESTS`: the registry of drift tests (``psi``, ``js``, ``ks``, ``mmd``,
  ``domain_classifier``), each a :class:`DriftTest`; :func:`drift_test` makes one by name;
* :func:`build_reference`: the run's reference features and probabilities, cached in
  ``RUN/monitor/``.

scipy, SQLAlchemy and matplotlib are imported only when used (``pip install 'meddx[monitor]'``).
"""

from meddx.monitor._drift import DRIFT_TESTS, DriftTest, drift_test, register_drift_test
from meddx.monitor._reference import FEATURES, Reference, build_reference
from meddx.monitor._report import MIN_WINDOW, NO_DATA, NO_FEEDBACK, TOO_FEW, monitor_report

__all__ = [
    "DRIFT_TESTS",
    "FEATURES",
    "MIN_WINDOW",
    "NO_DATA",
    "NO_FEEDBACK",
    "TOO_FEW",
    "DriftTest",
    "Reference",
    "build_reference",
    "drift_test",
    "monitor_report",
    "register_drift_test",
]
