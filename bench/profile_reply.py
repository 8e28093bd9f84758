"""Profile the reply write path (groups.actions.reply) on a copy of a demo database.

Usage:
    DATABASE_URL=sqlite:////tmp/copy.sqlite3 .venv/bin/python bench/profile_reply.py --replies 20
Prints the cost of one cold and N warm replies, queries per reply, and the top functions.
Writes replies into the database it is given: point it at a copy, never at real data.
"""

import argparse
import cProfile
import io
import os
import pstats
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "website.settings.dev")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--replies", type=int, default=20)
    parser.add_argument("--top", type=int, default=15)
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from groups import actions
    from groups.models import GroupMembership, Thread

    settings.FORUM_RATE_LIMITS_ENABLED = False
    thread = Thread.objects.filter(group__visibility="open").order_by("-reply_count").first()
    if thread is None:
        sys.exit("No open thread: load demo content first (manage.py load_demo).")
    member = GroupMembership.objects.filter(group=thread.group).first().member

    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        actions.reply(member=member, thread=thread, body="Meting van het schrijfpad (koud).")
        cold = time.perf_counter() - started

    profile = cProfile.Profile()
    started = time.perf_counter()
    profile.enable()
    for i in range(args.replies):
        actions.reply(member=member, thread=thread, body=f"Meting {i} van het schrijfpad.")
    profile.disable()
    warm = (time.perf_counter() - started) / max(args.replies, 1)

    print("| measure | value |\n| --- | --- |")
    print(f"| database | {connection.vendor} |")
    print(f"| one reply, cold | {cold * 1000:.1f} ms |")
    print(f"| one reply, warm (mean of {args.replies}) | {warm * 1000:.1f} ms |")
    print(f"| queries per reply | {len(queries.captured_queries)} |")
    out = io.StringIO()
    pstats.Stats(profile, stream=out).sort_stats("cumulative").print_stats(args.top)
    print(out.getvalue())


if __name__ == "__main__":
    main()
