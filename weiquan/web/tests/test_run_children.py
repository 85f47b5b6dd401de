"""`weiquan run` tells the worker (and the web server) the address it serves, so e-mails sent by the worker link to
the port the site answers on, unless an address was configured on purpose."""


def test_run_tells_the_worker_the_address_it_serves(settings) -> None:
    from weiquan.web.management.commands.run import run_children

    settings.SITE_URL = ""
    web, worker = run_children(host="127.0.0.1", port=8765, workers=2, interval=5)
    assert worker.env == {"WEIQUAN_SWEEP_INTERVAL": "5", "WEIQUAN_SITE_URL": "http://127.0.0.1:8765"}
    assert web.env == {"WEIQUAN_SITE_URL": "http://127.0.0.1:8765"}
    assert run_children(host="0.0.0.0", port=80, workers=1, interval=5)[1].env["WEIQUAN_SITE_URL"] == "http://127.0.0.1:80"
    settings.SITE_URL = "https://weiquan.example.com"  # an address configured on purpose is kept
    assert run_children(host="0.0.0.0", port=8765, workers=1, interval=5)[1].env == {"WEIQUAN_SWEEP_INTERVAL": "5"}
