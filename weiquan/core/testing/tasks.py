"""Tasks the outbox tests run: one that records its calls, one that fails a chosen number of times."""

from weiquan.core.outbox import task

CALLS: list = []
FAILURES: dict = {"left": 0}


@task(queue="default", max_attempts=3)
def record(value):
    if FAILURES["left"] > 0:
        FAILURES["left"] -= 1
        raise RuntimeError(f"boom {value}")
    CALLS.append(value)
    return {"seen": value}


@task(queue="sla")
def clock(value):
    CALLS.append(("sla", value))
    return value


BATCHES: list = []


@task(queue="default", max_attempts=3)
def batched(value):
    if value == "poison":
        raise RuntimeError("poisoned")
    CALLS.append(value)
    return {"one": value}


@batched.in_batches
def batched_many(arguments):
    values = [value for value, in arguments]
    BATCHES.append(values)
    record.enqueue("written by the batch")  # undone with the batch when it raises
    if "poison" in values:
        raise RuntimeError("a poisoned batch")
    CALLS.extend(values)
    return [{"many": value} for value in values]
