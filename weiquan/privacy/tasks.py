"""Periodic privacy work, enqueued by `weiquan worker`: chain-head anchors (hourly by default) and the retention
sweep (daily)."""

import logging

from weiquan.core.outbox import task

log = logging.getLogger(__name__)


@task(queue="default")
def privacy_sweep_task() -> dict:
    """Publish a chain-head anchor when one is due, date requests a newly loaded calendar year can now date, and run
    the retention sweep when due. Returns what it did."""
    from weiquan.privacy.anchors import anchor_due
    from weiquan.privacy.services import chain_anchor_publish, chain_anchor_resend, chain_anchor_undelivered

    done: dict = {"anchored": False}
    if anchor_due():
        try:
            anchor = chain_anchor_publish()
        except OSError as exc:  # the destination is down: try again at the next sweep, and say so
            log.error("chain anchor not published: %s", exc)
            done["anchor_error"] = str(exc)
        else:
            done.update(anchored=True, digest=anchor.digest)
            if anchor.url_error:  # the file anchor stands; its copy goes to the URL at a later sweep
                log.error("chain anchor written but not sent: %s", anchor.url_error)
                done["anchor_error"] = anchor.url_error
    elif undelivered := chain_anchor_undelivered():
        try:
            chain_anchor_resend(undelivered)
        except OSError as exc:
            log.error("chain anchor still not sent: %s", exc)
            done["anchor_error"] = str(exc)
        else:
            done["resent"] = undelivered.digest
    from weiquan.privacy.requests import dsr_fill_deadlines
    from weiquan.privacy.retention import retention_due, retention_sweep

    if filled := dsr_fill_deadlines():
        done["deadlines_filled"] = filled

    if retention_due():
        done["retention"] = retention_sweep().counts
    return done
