"""gunicorn settings `weiquan serve` passes as code (hooks cannot be given on the command line)."""


def child_exit(server, worker):
    """A worker process ended: its live gauges leave the instance's Prometheus files (counters are kept)."""
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)
