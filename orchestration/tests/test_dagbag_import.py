"""Loads the DAG in a real Airflow, for the deployment's own CI (where Airflow is installed).

Skipped when Airflow cannot be imported, as in this repository's CI. Run it with the Airflow the
DAG is deployed to: `python -m unittest orchestration/tests/test_dagbag_import.py`.
"""
from __future__ import annotations

import unittest
from pathlib import Path

DAGS = Path(__file__).resolve().parents[1] / "dags"

try:
    import airflow  # noqa: F401
    from airflow.models import DagBag
    HAVE_AIRFLOW = True
except ImportError:
    HAVE_AIRFLOW = False


@unittest.skipUnless(HAVE_AIRFLOW, "Airflow is not installed here")
class DagBagImportTest(unittest.TestCase):

    def test_the_dag_imports_without_errors(self):
        bag = DagBag(dag_folder=str(DAGS), include_examples=False)
        self.assertEqual({}, bag.import_errors)
        dag = bag.get_dag("clientele_nightly")
        self.assertIsNotNone(dag)
        self.assertEqual(1, dag.max_active_runs)
        self.assertTrue(all(t.retries >= 1 for t in dag.tasks))
        self.assertTrue(all(t.execution_timeout is not None for t in dag.tasks))

    def test_the_logical_date_is_the_day_loaded(self):
        from datetime import datetime, timezone
        dag = DagBag(dag_folder=str(DAGS), include_examples=False).get_dag("clientele_nightly")
        # the run covering 2026-11-22 starts after that day ends: its interval starts on the day loaded
        interval = dag.timetable.infer_manual_data_interval(
            run_after=datetime(2026, 11, 23, 3, 0, tzinfo=timezone.utc))
        self.assertEqual("2026-11-22", interval.start.strftime("%Y-%m-%d"))


if __name__ == "__main__":
    unittest.main()
