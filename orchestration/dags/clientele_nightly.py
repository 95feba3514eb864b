"""# Clientele nightly

One night of [Clientele](https://github.com/) per logical date: one task per step of the night, each
`clientele run --date {{ ds }} --step <step>` in a process of its own.

    extract_<source> (9, in parallel) >> extract_land >> stage >> model >> predict >> predict_churn
        >> marts >> publish >> check

- **Steps.** They are Spring Batch steps sharing one run history (an H2 file the first process
  serves to the others): a task refuses to start before the steps it needs completed for that
  date, a retried task restarts its step, and a task run again after it completed does nothing.
- **Schedule.** 02:30 UTC on D+1 loads day D; `{{ ds }}` is D (a data-interval timetable).
  `catchup=True`, one run at a time: each night builds on the previous night's state.
- **Data-aware.** `publish` updates the asset (a Dataset on Airflow 2) of the warehouse file,
  `file://<warehouse>/clientele.duckdb`: a DAG scheduled on it runs once the night is published.
- **Workers never build.** Every task runs with `CLIENTELE_NO_BUILD=1`: the launcher runs the
  deployed jar, or fails in one line when it is missing or older than the sources.

## Settings

Airflow Variables, read when a task runs (defaults: the scheduler's environment, then the value shown):

| Variable | environment | default |
|---|---|---|
| `clientele_launcher` | `CLIENTELE_LAUNCHER` | `/opt/clientele/bin/clientele` |
| `clientele_warehouse` | `CLIENTELE_WAREHOUSE` | `/data/clientele/warehouse` |
| `clientele_inbox` | `CLIENTELE_INBOX` | `/data/clientele/inbox` (D's extract in `<inbox>/D`) |
| `clientele_engine` | `CLIENTELE_ENGINE` | `duckdb` |

Read when the DAG file is parsed, from the environment of the scheduler and DAG processor only
(Airflow takes none of them from a template):

| environment | default | what |
|---|---|---|
| `CLIENTELE_MAX_ACTIVE_TASKS` | 2 | `max_active_tasks` of the DAG: Clientele JVMs at once |
| `CLIENTELE_POOL` | `default_pool` | the pool every task takes one slot of |
| `CLIENTELE_WAREHOUSE` | `/data/clientele/warehouse` | also the asset's URI: keep it equal to `clientele_warehouse` |

## Memory

Each task is one JVM. At most about 2 GiB on the default engine (heap up to 1.5 GiB, then
DuckDB's buffers, up to `clientele.duckdb.memory-limit`, and the JVM's own); on the 2,000-customer
demo an extract step peaked at 250-290 MiB resident (`/usr/bin/time -v`). Nine extracts at their
ceiling would want 18 GiB, so `max_active_tasks` keeps this DAG to 2 at once. To cap Clientele's
JVMs across DAGs too, give the tasks a pool with one slot per 2 GiB the worker can spare:

    airflow pools set clientele 2 "Clientele JVMs: about 2 GiB each"

A pool named in `CLIENTELE_POOL` must exist: Airflow leaves the tasks of a missing pool scheduled.

## A local run

`python clientele_nightly.py [YYYY-MM-DD]` runs one night in-process with `dag.test()` (no
scheduler, no workers), for the given logical date or the latest complete day.

Cluster variants are at the end of this file (commented): SparkSubmitOperator for the
warehouse steps on a Spark cluster, KubernetesPodOperator for every step in a pod.
"""
from __future__ import annotations

import inspect
import os
import sys
from datetime import datetime, timedelta, timezone

try:  # Airflow 3: the task SDK and the standard provider
    from airflow.sdk import DAG, Asset
    from airflow.providers.standard.operators.bash import BashOperator
except ImportError:  # Airflow 2.9+: the same under their Airflow 2 names
    from airflow import DAG
    from airflow.datasets import Dataset as Asset
    from airflow.operators.bash import BashOperator
try:  # newer Airflow 3 releases export the timetables from the task SDK too
    from airflow.sdk import CronDataIntervalTimetable
except ImportError:  # Airflow 2.9+ and 3.0
    from airflow.timetables.interval import CronDataIntervalTimetable

DAG_ID = "clientele_nightly"

# The sources of the contract, in the order of schemas/sources/index.json (the shape test checks it).
SOURCES = ["customers", "products", "contracts", "interactions", "orders", "order_lines",
           "complaints", "surveys", "marketing_spend"]
# The steps after the extract, in the order the nightly job runs them (tests/test_dag_shape.py checks
# this list against `clientele run --list-steps`, the job's own list).
STEPS = ["stage", "model", "predict", "predict-churn", "marts", "publish", "check"]


def _setting(variable: str, environment: str, default: str) -> str:
    """A Jinja expression: the Airflow Variable when set, else the scheduler's environment, else the default."""
    fallback = os.environ.get(environment, default)
    return "{{ var.value.get('%s', '%s') }}" % (variable, fallback)


LAUNCHER = _setting("clientele_launcher", "CLIENTELE_LAUNCHER", "/opt/clientele/bin/clientele")
WAREHOUSE = _setting("clientele_warehouse", "CLIENTELE_WAREHOUSE", "/data/clientele/warehouse")
INBOX = _setting("clientele_inbox", "CLIENTELE_INBOX", "/data/clientele/inbox")
ENGINE = _setting("clientele_engine", "CLIENTELE_ENGINE", "duckdb")

# The published warehouse file, as an asset a downstream DAG can be scheduled on. Asset URIs are fixed
# when the file is parsed, so this one comes from the scheduler's environment, not from the Variable.
WAREHOUSE_ASSET = Asset(uri="file://" + os.environ.get("CLIENTELE_WAREHOUSE", "/data/clientele/warehouse").rstrip("/")
                        + "/clientele.duckdb")

# Workers run the jar deployed with the launcher and never start a Maven build of their own (a build
# in a task would take minutes and race the other tasks): bin/clientele fails in one line instead.
TASK_ENVIRONMENT = {"CLIENTELE_NO_BUILD": "1"}

# A worker runs at most this many Clientele JVMs at once: the pool caps them across DAGs and runs,
# max_active_tasks within this DAG even where the pool is not set up. Neither is templated.
POOL = os.environ.get("CLIENTELE_POOL", "default_pool")
MAX_ACTIVE_TASKS = int(os.environ.get("CLIENTELE_MAX_ACTIVE_TASKS", "2"))


def clientele_command(step: str) -> str:
    """The command of one step of the night for the run's logical date ({{ ds }}: the day being loaded)."""
    command = f"{LAUNCHER} run --date {{{{ ds }}}} --step {step} --engine {ENGINE} --warehouse {WAREHOUSE}"
    if step.startswith("extract-") and step != "extract-land":
        command += f" --inbox {INBOX}/{{{{ ds }}}}"
    return command


def clientele_task(step: str, **kwargs) -> BashOperator:
    """The task of one step: its command, with the worker's environment plus CLIENTELE_NO_BUILD."""
    return BashOperator(
        task_id=step.replace("-", "_"),
        bash_command=clientele_command(step),
        env=TASK_ENVIRONMENT,
        append_env=True,
        execution_timeout=TIMEOUTS["extract" if step.startswith("extract-") and step != "extract-land" else step],
        **kwargs,
    )


# How long a step may take before Airflow kills it (and retries it): extracts are I/O bound and
# short; model and marts are the heavy SQL, so they get the longest limits (timings: BENCHMARKS.md).
TIMEOUTS = {
    "extract": timedelta(minutes=30),
    "extract-land": timedelta(minutes=30),
    "stage": timedelta(hours=1),
    "model": timedelta(hours=2),
    "predict": timedelta(hours=2),
    "predict-churn": timedelta(hours=2),
    "marts": timedelta(hours=2),
    "publish": timedelta(minutes=30),
    "check": timedelta(minutes=30),
}

default_args = {
    "owner": "data-engineering",
    # A failed step is retried where it failed (Spring Batch restarts the step's job instance);
    # a retry helps with what passes by itself: a full disk cleaned up, an extract landing late.
    "retries": 2,
    "retry_delay": timedelta(minutes=10),
    "retry_exponential_backoff": False,
    "depends_on_past": False,
    "pool": POOL,
}

with DAG(
    dag_id=DAG_ID,
    description="Clientele: extract → star schema → marts → publish → data-quality checks, for one day",
    # The run for day D starts at 02:30 UTC on D+1, once D's extract has landed. A data-interval
    # timetable makes the logical date ({{ ds }}) the day being loaded, D, not the trigger time:
    # Airflow 3's plain cron schedule (CronTriggerTimetable) would give D+1.
    schedule=CronDataIntervalTimetable("30 2 * * *", timezone="UTC"),
    # Set to the first day Clientele should load.
    start_date=datetime(2026, 11, 1, tzinfo=timezone.utc),
    # catchup=True on purpose: each night upserts into the previous night's state and checks its
    # row counts against the previous night, so nights missed while the scheduler was down must
    # be loaded, in order. max_active_runs=1 keeps them in order, one at a time.
    catchup=True,
    max_active_runs=1,
    max_active_tasks=MAX_ACTIVE_TASKS,
    default_args=default_args,
    dagrun_timeout=timedelta(hours=8),
    tags=["clientele", "warehouse"],
    doc_md=__doc__,
) as dag:
    land = clientele_task("extract-land")
    for source in SOURCES:
        clientele_task(f"extract-{source}") >> land

    previous = land
    for step in STEPS:
        # publish swaps the new warehouse file into place: downstream DAGs scheduled on the asset run then
        task = clientele_task(step, outlets=[WAREHOUSE_ASSET]) if step == "publish" else clientele_task(step)
        previous >> task
        previous = task


def _test_run(argv: list[str]) -> None:
    """One night in this process with dag.test(): for the logical date given (YYYY-MM-DD), else the default."""
    if not argv:
        dag.test()
        return
    logical_date = datetime.fromisoformat(argv[0]).replace(tzinfo=timezone.utc)
    # Airflow 3 names the argument logical_date, Airflow 2 execution_date
    name = "logical_date" if "logical_date" in inspect.signature(dag.test).parameters else "execution_date"
    dag.test(**{name: logical_date})


if __name__ == "__main__":
    _test_run(sys.argv[1:])


# --- Cluster variants (documented, not active) ----------------------------------------------
#
# 1. The warehouse steps on a Spark cluster (SparkSubmitOperator, apache-airflow-providers-apache-spark).
#    The jar is the launcher's jobs/target/clientele.jar; the lake and warehouse directory must be on
#    storage the driver and executors share. Extract, land and publish stay BashOperators (they are
#    I/O on the warehouse directory); stage, model, predict and marts go to the cluster:
#
#    from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator
#
#    def spark_step(step):
#        return SparkSubmitOperator(
#            task_id=step.replace("-", "_"),
#            conn_id="spark_default",                      # spark://master:7077, yarn or k8s://...
#            application="/opt/clientele/jobs/target/clientele.jar",
#            java_class="org.springframework.boot.loader.launch.JarLauncher",
#            application_args=["run", "--date", "{{ ds }}", "--step", step, "--engine", "spark",
#                              "--warehouse", WAREHOUSE],
#            conf={"spark.driver.memory": "4g"},
#            env_vars={"CLIENTELE_SPARK_MASTER": "yarn"},
#            execution_timeout=TIMEOUTS[step],
#        )
#
# 2. Every step in a pod (KubernetesPodOperator, apache-airflow-providers-cncf-kubernetes), from an
#    image holding Java 17 and the jar, the warehouse on a ReadWriteMany volume:
#
#    from airflow.providers.cncf.kubernetes.operators.pod import KubernetesPodOperator
#    from kubernetes.client import models as k8s
#
#    def pod_step(step, extra=()):
#        return KubernetesPodOperator(
#            task_id=step.replace("-", "_"),
#            name=f"clientele-{step}",
#            image="registry.example.com/clientele:0.1.0",
#            cmds=["java", "-Xmx4g", "-Duser.timezone=UTC", "-jar", "/app/clientele.jar"],
#            arguments=["run", "--date", "{{ ds }}", "--step", step, "--warehouse", "/warehouse", *extra],
#            volumes=[k8s.V1Volume(name="warehouse", persistent_volume_claim=
#                     k8s.V1PersistentVolumeClaimVolumeSource(claim_name="clientele-warehouse"))],
#            volume_mounts=[k8s.V1VolumeMount(name="warehouse", mount_path="/warehouse")],
#            container_resources=k8s.V1ResourceRequirements(requests={"cpu": "2", "memory": "6Gi"}),
#            execution_timeout=TIMEOUTS.get(step, TIMEOUTS["extract"]),
#        )
#
#    The JobRepository's H2 file lives in /warehouse/meta; its AUTO_SERVER mode lets the first pod
#    serve it to the others only where pods can reach each other on the address H2 writes into its
#    lock file, so with pods prefer a shared PostgreSQL JobRepository (spring.datasource.url).
