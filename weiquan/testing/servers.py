"""A `weiquan` server process for a test: started on a free 127.0.0.1 port, waited for until it answers, stopped
(and killed if it will not stop) afterwards. Used by the browser tests' servers and the tests of `serve` and `run`."""

import signal
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from weiquan.core.testing.net import free_port, wait_http


@dataclass
class RunningServer:
    url: str
    port: int
    process: subprocess.Popen
    log: Path

    def output(self) -> str:
        """What the server printed so far (all of it, once stopped)."""
        return self.log.read_text(errors="replace")


@contextmanager
def running_server(command: list[str], *, env: dict, cwd: Path, log: Path, ready: str = "/accounts/login/",
                   start_timeout: float = 60, stop_signal: int = signal.SIGTERM,
                   stop_timeout: float = 30) -> Iterator[RunningServer]:
    """`command` plus `--port N`, its output to `log`; ready when `ready` answers 200. `stop_signal` asks it to
    stop (SIGINT: `weiquan run`, as Ctrl+C); the exit code is in `.process.returncode` afterwards."""
    port = free_port()
    with open(log, "w") as out:
        process = subprocess.Popen([*command, "--port", str(port)], env=env, cwd=cwd, stdout=out,
                                   stderr=subprocess.STDOUT)
        server = RunningServer(f"http://127.0.0.1:{port}", port, process, Path(log))
        try:
            try:
                wait_http(server.url + ready, timeout=start_timeout, process=process)
            except RuntimeError as error:
                raise RuntimeError(f"{error}; its output ends:\n{server.output()[-3000:]}") from None
            yield server
        finally:
            if process.poll() is None:
                process.send_signal(stop_signal)
            try:
                process.wait(timeout=stop_timeout)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
