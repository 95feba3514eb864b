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
import shutil
import subprocess
import sys
import tempfile
import types
import unittest
from datetime import datetime, timezone
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
        self.test_calls = []
        _Dag.created.append(self)

    def __enter__(self):
        _Dag.current = self
        return self

    def __exit__(self, *exc):
        _Dag.current = None
        return False


class _SdkDag(_Dag):
    """airflow.sdk.DAG (Airflow 3): dag.test() takes the logical date as logical_date."""

    def test(self, logical_date=None, run_conf=None):
        self.test_calls.append({"logical_date": logical_date})


class _AirflowTwoDag(_Dag):
    """airflow.DAG (Airflow 2.9): dag.test() takes it as execution_date."""

    def test(self, execution_date=None, run_conf=None):
        self.test_calls.append({"execution_date": execution_date})


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


class _StandardBashOperator(_Operator):
    """airflow.providers.standard.operators.bash.BashOperator (Airflow 3)."""


class _AirflowTwoBashOperator(_Operator):
    """airflow.operators.bash.BashOperator (Airflow 2.9)."""


class _Asset:
    """airflow.sdk.Asset (Airflow 3): a name and a URI, the name the URI when not given."""

    def __init__(self, name=None, uri=None, **kwargs):
        self.uri = uri if uri is not None else name
        self.name = name if name is not None else uri


class _Dataset:
    """airflow.datasets.Dataset (Airflow 2.9): a URI."""

    def __init__(self, uri, extra=None):
        self.uri = uri


class _Timetable:
    def __init__(self, cron, timezone):
        self.cron = cron
        self.timezone = timezone


# Every module name either stub set defines: restored after each load.
_STUB_MODULES = ["airflow", "airflow.sdk", "airflow.datasets", "airflow.providers", "airflow.providers.standard",
                 "airflow.providers.standard.operators", "airflow.providers.standard.operators.bash",
                 "airflow.operators", "airflow.operators.bash", "airflow.timetables", "airflow.timetables.interval"]


def _stub_airflow(version=3):
    """Stand-ins for the modules of Airflow 3 or of Airflow 2.9, and only those (Airflow 3 has no
    airflow.datasets nor airflow.operators.bash; Airflow 2 has no airflow.sdk)."""
    if version == 3:
        names = ["airflow", "airflow.sdk", "airflow.providers", "airflow.providers.standard",
                 "airflow.providers.standard.operators", "airflow.providers.standard.operators.bash",
                 "airflow.timetables", "airflow.timetables.interval"]
    else:
        names = ["airflow", "airflow.datasets", "airflow.operators", "airflow.operators.bash",
                 "airflow.timetables", "airflow.timetables.interval"]
    modules = {name: types.ModuleType(name) for name in names}
    if version == 3:
        modules["airflow.sdk"].DAG = _SdkDag
        modules["airflow.sdk"].Asset = _Asset
        modules["airflow.providers.standard.operators.bash"].BashOperator = _StandardBashOperator
    else:
        modules["airflow"].DAG = _AirflowTwoDag
        modules["airflow.datasets"].Dataset = _Dataset
        modules["airflow.operators.bash"].BashOperator = _AirflowTwoBashOperator
    modules["airflow.timetables.interval"].CronDataIntervalTimetable = _Timetable
    return modules


# Environment variables the DAG reads when parsed; unset unless a test sets them.
_PARSE_ENVIRONMENT = ["CLIENTELE_POOL", "CLIENTELE_MAX_ACTIVE_TASKS", "CLIENTELE_WAREHOUSE", "CLIENTELE_LAUNCHER",
                      "CLIENTELE_INBOX", "CLIENTELE_ENGINE"]


def _load_dag(environment=None, version=3, name="clientele_nightly_under_test", argv=None):
    """Runs the DAG file against the stubs of one Airflow version; the DAGs it declared."""
    saved = {name: sys.modules.get(name) for name in _STUB_MODULES}
    saved_env = {name: os.environ.get(name) for name in _PARSE_ENVIRONMENT}
    saved_argv = sys.argv
    for module in _STUB_MODULES:
        sys.modules.pop(module, None)
    sys.modules.update(_stub_airflow(version))
    for variable in _PARSE_ENVIRONMENT:
        os.environ.pop(variable, None)
    os.environ.update(environment or {})
    sys.argv = [str(DAG_FILE), *(argv or [])]
    _Dag.created = []
    try:
        namespace = {"__name__": name, "__file__": str(DAG_FILE)}
        exec(compile(DAG_FILE.read_text(), str(DAG_FILE), "exec"), namespace)
    finally:
        sys.argv = saved_argv
        for module, value in saved.items():
            if value is None:
                sys.modules.pop(module, None)
            else:
                sys.modules[module] = value
        for variable, value in saved_env.items():
            if value is None:
                os.environ.pop(variable, None)
            else:
                os.environ[variable] = value
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

    # ------------------------------------------------------------ as Airflow users expect

    def test_airflow_3_import_paths_first_airflow_2_as_fallback(self):
        self.assertIs(_SdkDag, type(self.dag), "with Airflow 3 the DAG comes from airflow.sdk")
        for task in self.dag.tasks.values():
            self.assertIs(_StandardBashOperator, type(task), task.task_id)
        # Airflow 2.9: none of airflow.sdk, the standard provider; the same DAG from the fallbacks
        old = _load_dag(version=2)
        self.assertEqual(1, len(old))
        self.assertIs(_AirflowTwoDag, type(old[0]))
        self.assertEqual(set(self.dag.tasks), set(old[0].tasks))
        self.assertEqual(self.dag.edges, old[0].edges)
        for task in old[0].tasks.values():
            self.assertIs(_AirflowTwoBashOperator, type(task), task.task_id)
        self.assertIsInstance(old[0].tasks["publish"].kwargs["outlets"][0], _Dataset)

    def test_publish_updates_the_warehouse_asset(self):
        for task in self.dag.tasks.values():
            if task.task_id != "publish":
                self.assertFalse(task.kwargs.get("outlets"), f"{task.task_id} declares outlets")
        outlets = self.dag.tasks["publish"].kwargs.get("outlets")
        self.assertEqual(1, len(outlets or []), "publish declares the warehouse file as its one outlet")
        self.assertIsInstance(outlets[0], _Asset)
        self.assertEqual("file:///data/clientele/warehouse/clientele.duckdb", outlets[0].uri)
        moved = _load_dag({"CLIENTELE_WAREHOUSE": "/srv/wh/"})[0]
        self.assertEqual("file:///srv/wh/clientele.duckdb", moved.tasks["publish"].kwargs["outlets"][0].uri)
        # the asset and the command name the same warehouse when it comes from the environment
        self.assertIn("'/srv/wh/'", moved.tasks["publish"].kwargs["bash_command"])

    def test_the_dag_documents_itself_and_every_setting(self):
        doc = self.dag.kwargs.get("doc_md")
        self.assertTrue(doc and doc.strip(), "doc_md is set")
        # every setting the file reads: Variables and environment variables
        variables = set(re.findall(r'_setting\("([a-z_]+)", "([A-Z_]+)"', self.source))
        environment = set(re.findall(r'os\.environ\.get\("([A-Z_]+)"', self.source))
        self.assertGreaterEqual(len(variables), 4)
        self.assertTrue({"CLIENTELE_POOL", "CLIENTELE_MAX_ACTIVE_TASKS", "CLIENTELE_WAREHOUSE"} <= environment)
        scheduling = (ROOT / "docs" / "scheduling.md").read_text()
        for variable, env in variables:
            self.assertIn(f"`{variable}`", doc)
            self.assertIn(f"`{env}`", doc)
            self.assertIn(f"`{variable}`", scheduling)
        for env in environment:
            self.assertIn(f"`{env}`", doc)
            self.assertIn(f"`{env}`", scheduling)
        # and the memory each task needs, measured
        for text in [doc, scheduling]:
            self.assertIn("/usr/bin/time -v", text)
            self.assertRegex(text, r"\d+[-–]\d+ MiB resident")

    def test_dag_test_runs_a_night_locally(self):
        self.assertEqual([], self.dag.test_calls, "importing the file runs nothing")
        ran = _load_dag(name="__main__")[0]
        self.assertEqual([{"logical_date": None}], ran.test_calls)
        ran = _load_dag(name="__main__", argv=["2026-11-22"])[0]
        self.assertEqual([{"logical_date": datetime(2026, 11, 22, tzinfo=timezone.utc)}], ran.test_calls)
        old = _load_dag(name="__main__", argv=["2026-11-22"], version=2)[0]
        self.assertEqual([{"execution_date": datetime(2026, 11, 22, tzinfo=timezone.utc)}], old.test_calls)
        self.assertIn("dag.test()", self.dag.kwargs["doc_md"])
        scheduling = (ROOT / "docs" / "scheduling.md").read_text()
        self.assertIn("dag.test()", scheduling)
        self.assertIn("python clientele_nightly.py 2026-11-22", scheduling)

    def test_workers_never_build(self):
        for task in self.dag.tasks.values():
            self.assertEqual("1", (task.kwargs.get("env") or {}).get("CLIENTELE_NO_BUILD"), task.task_id)
            # the worker's own environment (PATH, JAVA_HOME) is kept
            self.assertIs(True, task.kwargs.get("append_env"), task.task_id)
        self.assertTrue("CLIENTELE_NO_BUILD=1" in (ROOT / "docs" / "scheduling.md").read_text())

    def test_the_launcher_without_its_jar_fails_in_one_line_instead_of_building(self):
        with tempfile.TemporaryDirectory() as tmp:
            deployed = Path(tmp)
            (deployed / "bin").mkdir()
            shutil.copy2(LAUNCHER, deployed / "bin" / "clientele")
            # a Maven wrapper that would leave a mark if the launcher started a build
            marker = deployed / "built"
            (deployed / "mvnw").write_text(f"#!/bin/sh\ntouch {marker}\n")
            (deployed / "mvnw").chmod(0o755)
            env = dict(os.environ, CLIENTELE_NO_BUILD="1")
            result = subprocess.run([str(deployed / "bin" / "clientele"), "--version"], capture_output=True,
                                    text=True, env=env, timeout=60)
            self.assertEqual(1, result.returncode)
            self.assertEqual(1, len(result.stderr.strip().splitlines()), result.stderr)
            self.assertIn("CLIENTELE_NO_BUILD", result.stderr)
            self.assertFalse(marker.exists(), "the launcher started a build")
            if not JAR.exists():
                self.skipTest(f"{JAR} is not built (./mvnw package)")
            # deployed as docs/scheduling.md says, the launcher and the jar alone: it runs, building nothing
            (deployed / "jobs" / "target").mkdir(parents=True)
            os.symlink(JAR, deployed / "jobs" / "target" / "clientele.jar")
            result = subprocess.run([str(deployed / "bin" / "clientele"), "--version"], capture_output=True,
                                    text=True, env=env, timeout=120)
            self.assertEqual(0, result.returncode, result.stderr)
            self.assertTrue(result.stdout.startswith("clientele "), result.stdout)
            self.assertFalse(marker.exists(), "the launcher started a build")


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
