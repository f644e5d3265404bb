"""`make multihost`: two web hosts behind HAProxy on this machine, until Ctrl-C.

A fresh PostgreSQL database (beside SOLACE_TEST_DATABASE_URL's) with demo therapists
and the `postgres` search backend, Redis keys of its own, and two hosts (loadtest/
hosts.py), each its own gunicorn and `flask worker` with an instance folder of its own.
Open the printed address; kill a host's gunicorn and watch HAProxy take it out
(the stats page), then start it again with Enter.

    python loadtest/multihost.py [--hosts 2] [--profiles 2000] [--keep]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from loadtest.run import Stack, parse_args  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--hosts", type=int, default=2)
    parser.add_argument("--profiles", type=int, default=2000)
    parser.add_argument("--web-workers", type=int, default=4, help="shared out over the hosts")
    parser.add_argument("--keep", action="store_true")
    mine = parser.parse_args()
    sys.argv = [
        sys.argv[0],
        "--backend",
        "postgres",
        "--hosts",
        str(mine.hosts),
        "--web-workers",
        str(mine.web_workers),
        "--profiles",
        str(mine.profiles),
    ]
    args = parse_args()
    stack = Stack(args)
    try:
        stack.create()
        stack.flask("db", "upgrade")
        stack.flask("seed-vocabulary")
        print(stack.flask("seed-demo", "--count", str(args.profiles)).strip().splitlines()[-1])
        stack.start()
        cluster = stack.cluster
        print(
            f"The site: {cluster.base}  (HAProxy stats: http://127.0.0.1:{cluster.stats_port}/stats)"
        )
        for n, host in enumerate(cluster.hosts):
            print(f"  host {host.name}: {cluster.host_base(n)}, files in {host.folder}")
        print("Enter: kill host a's gunicorn, Enter again: start it; Ctrl-C: stop.")
        while True:
            input()
            cluster.kill(0)
            out = cluster.wait_until(lambda s: s["a"] == "DOWN", 10, "out")
            print(f"host a killed; HAProxy took it out after {out:.1f} s")
            input()
            cluster.restart(0)
            print(
                f"host a back after {cluster.wait_until(lambda s: s['a'] == 'UP', 60, 'up'):.1f} s"
            )
    except (KeyboardInterrupt, EOFError):
        print("Stopping.")
        return 0
    finally:
        stack.stop()
        if mine.keep:
            print(f"Kept: database {stack.name}, files in {stack.workdir}")
        else:
            stack.destroy()


if __name__ == "__main__":
    sys.exit(main())
