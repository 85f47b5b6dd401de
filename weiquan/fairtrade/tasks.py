"""Fair trading's background work: the scheduled sweep (safe to run twice or in parallel)."""

from weiquan.core.outbox import task


@task(queue="default")
def fair_trading_sweep_task() -> dict:
    from weiquan.fairtrade.services import fair_trading_sweep

    return fair_trading_sweep().as_dict()
