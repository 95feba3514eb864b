"""The shape of the Airflow DAG, with Python's standard library only (Airflow is not installed here).

What it checks: the file compiles; it defines exactly one DAG, with retries, retry_delay, catchup,
max_active_runs, a cap on concurrent tasks (max_active_tasks and a pool, from the environment) and
an execution_timeout on every task; task ids are unique; the edges form no
cycle; the tasks are the job's steps, in the job's order, as `bin/clientele run --list-steps`
prints them (the one list of the night's steps, NightStep in the jobs module): an extract per
source, in parallel, then extract_land and every later step one after the other; every command
carries the logical date ({{ ds }}); and every clientele command it calls is real:
`bin/clientele <command> --help` exits 0.

What it is not: it does not import Airflow, so it does not prove the DAG loads in a given Airflow
version (tests/test_dagbag_import.py does that where Airflow is installed), nor that the
templates render.

The DAG file is run against minimal stand-ins for the Airflow classes it uses, which record the
tasks and edges it declares.
"""
from __future__ import annotations

import ast
import json
import os
import re
import shlex
import subprocess
import sys
import types
import unittest
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DAG_FILE = ROOT / "orchestration" / "dags" / "clientele_nightly.py"
LAUNCHER = ROOT / "bin" / "clientele"
JAR = ROOT / "jobs" / "target" / "clientele.jar"


class _Dag:
    current = None
    created = []

    def __init__(self, dag_id=None, **kwargs):
        self.dag_id = dag_id
        self.kwargs = kwargs
        self.tasks = {}
        self.edges = set()
        _Dag.created.append(self)

    def __enter__(self):
        _Dag.current = self
        return self

    def __exit__(self, *exc):
        _Dag.current = None
        return False


class _Operator:
    def __init__(self, task_id, **kwargs):
        self.task_id = task_id
        self.kwargs = kwargs
        self.dag = _Dag.current
        if self.dag is None:
            raise AssertionError(f"task {task_id} declared outside a DAG")
        if task_id in self.dag.tasks:
            raise AssertionError(f"task id {task_id} declared twice")
        self.dag.tasks[task_id] = self

    def _link(self, other, upstream_first):
        for o in other if isinstance(other, (list, tuple)) else [other]:
            edge = (self.task_id, o.task_id) if upstream_first else (o.task_id, self.task_id)
            self.dag.edges.add(edge)
        return other

    def __rshift__(self, other):
        return self._link(other, True)

    def __lshift__(self, other):
        return self._link(other, False)

    def __rrshift__(self, other):
        for o in other if isinstance(other, (list, tuple)) else [other]:
            o._link(self, True)
        return self


class _Timetable:
    def __init__(self, cron, timezone):
        self.cron = cron
        self.timezone = timezone


def _stub_airflow():
    """Stand-ins for the Airflow modules the DAG imports (both the Airflow 3 and 2 paths)."""
    modules = {}
    for name in ["airflow", "airflow.sdk", "airflow.providers", "airflow.providers.standard",
                 "airflow.providers.standard.operators", "airflow.providers.standard.operators.bash",
                 "airflow.operators", "airflow.operators.bash", "airflow.timetables", "airflow.timetables.interval"]:
        modules[name] = types.ModuleType(name)
    modules["airflow"].DAG = _Dag
    modules["airflow.sdk"].DAG = _Dag
    modules["airflow.providers.standard.operators.bash"].BashOperator = type("BashOperator", (_Operator,), {})
    modules["airflow.operators.bash"].BashOperator = modules["airflow.providers.standard.operators.bash"].BashOperator
    modules["airflow.timetables.interval"].CronDataIntervalTimetable = _Timetable
    return modules


# Environment variables the DAG reads when parsed; unset unless a test sets them.
_PARSE_ENVIRONMENT = ["CLIENTELE_POOL", "CLIENTELE_MAX_ACTIVE_TASKS"]


def _load_dag(environment=None):
    saved = {name: sys.modules.get(name) for name in _stub_airflow()}
    saved_env = {name: os.environ.get(name) for name in _PARSE_ENVIRONMENT}
    sys.modules.update(_stub_airflow())
    for name in _PARSE_ENVIRONMENT:
        os.environ.pop(name, None)
    os.environ.update(environment or {})
    _Dag.created = []
    try:
        namespace = {"__name__": "clientele_nightly_under_test", "__file__": str(DAG_FILE)}
        exec(compile(DAG_FILE.read_text(), str(DAG_FILE), "exec"), namespace)
    finally:
        for name, module in saved.items():
            if module is None:
                sys.modules.pop(name, None)
            else:
                sys.modules[name] = module
        for name, value in saved_env.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
    return _Dag.created


class DagShapeTest(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.source = DAG_FILE.read_text()
        cls.dags = _load_dag()
        cls.dag = cls.dags[0] if cls.dags else None

    def test_compiles(self):
        compile(self.source, str(DAG_FILE), "exec")
        ast.parse(self.source)

    def test_exactly_one_dag(self):
        self.assertEqual(1, len(self.dags), "the file must declare exactly one DAG")
        calls = [n for n in ast.walk(ast.parse(self.source))
                 if isinstance(n, ast.Call) and getattr(n.func, "id", None) == "DAG"]
        self.assertEqual(1, len(calls), "exactly one DAG(...) call in the file")
        self.assertEqual("clientele_nightly", self.dag.dag_id)

    def test_scheduling_settings(self):
        kwargs = self.dag.kwargs
        self.assertIn("catchup", kwargs, "catchup must be chosen explicitly")
        self.assertIsInstance(kwargs["catchup"], bool)
        self.assertEqual(1, kwargs.get("max_active_runs"))
        defaults = kwargs.get("default_args", {})
        self.assertGreaterEqual(defaults.get("retries", 0), 1, "retries must be set")
        self.assertIsNotNone(defaults.get("retry_delay"), "retry_delay must be set")
        # logical date = the day loaded: a data-interval timetable, not a plain cron string
        self.assertIsInstance(kwargs.get("schedule"), _Timetable)
        self.assertEqual("UTC", kwargs["schedule"].timezone)
        self.assertIsNotNone(kwargs.get("start_date"))

    def test_few_jvms_at_once(self):
        # each task is a JVM of about 2 GiB: the nine extracts must not all start together
        extracts = [t for t in self.dag.tasks if t.startswith("extract_") and t != "extract_land"]
        self.assertEqual(2, self.dag.kwargs.get("max_active_tasks"))
        self.assertLess(self.dag.kwargs["max_active_tasks"], len(extracts))
        pool = self.dag.kwargs.get("default_args", {}).get("pool")
        self.assertEqual("default_pool", pool)
        for task in self.dag.tasks.values():
            self.assertEqual(pool, task.kwargs.get("pool", pool), task.task_id)
            self.assertEqual(1, task.kwargs.get("pool_slots", 1), task.task_id)
        # the docs say how to give the tasks a pool of their own
        for doc in [DAG_FILE, ROOT / "orchestration" / "README.md", ROOT / "docs" / "scheduling.md"]:
            self.assertIn('airflow pools set clientele 2 "', doc.read_text(), doc)

    def test_pool_and_cap_come_from_the_environment(self):
        dag = _load_dag({"CLIENTELE_POOL": "jvm_slots", "CLIENTELE_MAX_ACTIVE_TASKS": "4"})[0]
        self.assertEqual(4, dag.kwargs.get("max_active_tasks"))
        self.assertEqual("jvm_slots", dag.kwargs["default_args"]["pool"])

    def test_every_task_has_an_execution_timeout(self):
        for task in self.dag.tasks.values():
            self.assertIsNotNone(task.kwargs.get("execution_timeout"), task.task_id)

    def test_task_ids_unique_and_one_extract_per_source(self):
        ids = list(self.dag.tasks)
        self.assertEqual(len(ids), len(set(ids)))
        sources = json.loads((ROOT / "schemas" / "sources" / "index.json").read_text())["sources"]
        self.assertEqual(sorted(f"extract_{s}" for s in sources),
                         sorted(i for i in ids if i.startswith("extract_") and i != "extract_land"))

    def test_edges_are_acyclic_and_in_the_nights_order(self):
        edges = self.dag.edges
        for a, b in edges:
            self.assertIn(a, self.dag.tasks)
            self.assertIn(b, self.dag.tasks)
        order = _topological_order(list(self.dag.tasks), edges)
        self.assertIsNotNone(order, "the edges form a cycle")
        extracts = [t for t in self.dag.tasks if t.startswith("extract_") and t != "extract_land"]
        for extract in extracts:
            self.assertIn((extract, "extract_land"), edges)
            # parallel: no extract waits for another
            self.assertFalse(any(a == extract and b in extracts for a, b in edges))

    def test_tasks_are_the_jobs_steps_in_the_jobs_order(self):
        # the job's steps, in order, from the code (NightStep): the DAG cannot drift from them
        steps = _listed_steps(self)
        self.assertIn("extract-land", steps)
        extracts = [s for s in steps if s.startswith("extract-") and s != "extract-land"]
        self.assertTrue(extracts)
        self.assertEqual(extracts, steps[:len(extracts)], "the extracts come first")
        chain = steps[len(extracts):]
        called = {}
        for task in self.dag.tasks.values():
            match = re.search(r"--step (\S+)", task.kwargs["bash_command"])
            self.assertIsNotNone(match, f"{task.task_id} runs no --step")
            called[match.group(1)] = task.task_id
            self.assertEqual(match.group(1).replace("-", "_"), task.task_id)
        self.assertEqual(sorted(steps), sorted(called), "the DAG's steps are not clientele run --list-steps")
        ids = [called[s] for s in chain]
        for a, b in zip(ids, ids[1:]):
            self.assertIn((a, b), self.dag.edges, f"{b} must follow {a}, as in clientele run --list-steps")
        for extract in extracts:
            self.assertIn((called[extract], called["extract-land"]), self.dag.edges)
        # nothing else: each later step waits for the one before it only
        expected = {(a, b) for a, b in zip(ids, ids[1:])} | {(called[e], called["extract-land"]) for e in extracts}
        self.assertEqual(expected, self.dag.edges)

    def test_every_command_carries_the_logical_date(self):
        for task in self.dag.tasks.values():
            command = task.kwargs.get("bash_command", "")
            self.assertRegex(command, r"--date \{\{ ds \}\}", task.task_id)

    def test_every_clientele_command_called_is_real(self):
        if not JAR.exists():
            self.skipTest(f"{JAR} is not built (./mvnw package); the launcher would build it")
        commands = set()
        for task in self.dag.tasks.values():
            words = shlex.split(_with_variable_defaults(task.kwargs["bash_command"]))
            self.assertTrue(words[0].endswith("/clientele"), f"{task.task_id} calls {words[0]}, not the launcher")
            commands.add(words[1])
        self.assertTrue(commands)
        # CLIENTELE_NO_BUILD: the launcher must not start a Maven build of its own inside the CI's one
        env = dict(os.environ, CLIENTELE_NO_BUILD="1")
        for command in sorted(commands):
            result = subprocess.run([str(LAUNCHER), command, "--help"], capture_output=True, text=True,
                                    env=env, timeout=120)
            self.assertEqual(0, result.returncode, f"clientele {command} --help: {result.stderr}")
            self.assertIn("Usage: clientele " + command, result.stdout)


def _listed_steps(test):
    """The night's steps in order, as `bin/clientele run --list-steps` prints them (skips without the jar)."""
    if not JAR.exists():
        test.skipTest(f"{JAR} is not built (./mvnw package)")
    env = dict(os.environ, CLIENTELE_NO_BUILD="1")
    result = subprocess.run([str(LAUNCHER), "run", "--list-steps"], capture_output=True, text=True, env=env,
                            timeout=120)
    test.assertEqual(0, result.returncode, f"clientele run --list-steps: {result.stderr}")
    return result.stdout.split()


def _with_variable_defaults(command):
    """The command with each {{ var.value.get('name', 'default') }} replaced by its default."""
    return re.sub(r"\{\{ var\.value\.get\('[^']*', '([^']*)'\) \}\}", lambda m: m.group(1), command)


def _topological_order(nodes, edges):
    incoming = {n: 0 for n in nodes}
    for _, b in edges:
        incoming[b] += 1
    ready = [n for n in nodes if incoming[n] == 0]
    order = []
    while ready:
        n = ready.pop()
        order.append(n)
        for a, b in edges:
            if a == n:
                incoming[b] -= 1
                if incoming[b] == 0:
                    ready.append(b)
    return order if len(order) == len(nodes) else None


if __name__ == "__main__":
    unittest.main()
