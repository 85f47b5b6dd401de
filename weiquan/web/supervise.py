"""Run the web server and the background worker side by side as child processes, for `weiquan run` (and so for
`make demo`): one command, one terminal, one Ctrl+C stops both. If either child dies, the other is stopped too, so
a demo never keeps serving pages while nothing happens in the background.

Production runs `weiquan serve` and `weiquan worker` as separate services instead (see the README)."""

import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field

STOP_GRACE_SECONDS = 15


@dataclass
class Child:
    name: str
    argv: list[str]
    env: dict = field(default_factory=dict)
    process: subprocess.Popen | None = None


def weiquan_argv(*args: str) -> list[str]:
    """The `weiquan` command run by the same Python (works in a venv whether or not its bin/ is on PATH)."""
    return [sys.executable, "-m", "weiquan.cli", *args]


class Supervisor:
    def __init__(self, children: list[Child], *, out=sys.stdout, poll_seconds: float = 0.2):
        self.children = children
        self.out = out
        self.poll_seconds = poll_seconds
        self._stopping = False

    def _say(self, text: str) -> None:
        self.out.write(text + "\n")
        self.out.flush()

    def _on_signal(self, signum, _frame) -> None:
        if not self._stopping:
            self._say(f"stopping ({signal.Signals(signum).name})…")
        self._stopping = True

    def run(self) -> int:
        """Start every child, wait until one exits or we are asked to stop, then stop the rest. Returns the exit
        code: 0 after a requested stop, else the code of the child that exited first."""
        previous = {sig: signal.signal(sig, self._on_signal) for sig in (signal.SIGINT, signal.SIGTERM)}
        first_exit: tuple[str, int] | None = None
        try:
            for child in self.children:
                child.process = subprocess.Popen(child.argv, env={**os.environ, **child.env})
                self._say(f"started {child.name} (pid {child.process.pid})")
            while not self._stopping:
                for child in self.children:
                    code = child.process.poll()
                    if code is not None:
                        first_exit = (child.name, code)
                        self._say(f"{child.name} exited with {code}; stopping the others")
                        self._stopping = True
                        break
                else:
                    time.sleep(self.poll_seconds)
        finally:
            self._stop_all()
            for sig, handler in previous.items():
                signal.signal(sig, handler)
        return (first_exit[1] or 1) if first_exit else 0

    def _stop_all(self) -> None:
        # Ctrl+C in a terminal has already sent SIGINT to the whole process group; SIGTERM covers a stop sent to
        # this process alone (a service manager, a test). Both children shut down gracefully on either.
        running = [c for c in self.children if c.process is not None and c.process.poll() is None]
        for child in running:
            child.process.terminate()
        deadline = time.monotonic() + STOP_GRACE_SECONDS
        for child in running:
            try:
                child.process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                self._say(f"{child.name} did not stop within {STOP_GRACE_SECONDS}s; killing it")
                child.process.kill()
                child.process.wait()
