"""The `weiquan` command: every Django management command, plus the project's own (demo, serve, worker, ...)."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "weiquan.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["weiquan", *sys.argv[1:]])


if __name__ == "__main__":
    main()
