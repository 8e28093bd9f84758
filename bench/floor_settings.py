"""Settings for bench_pages.py: the development settings plus the floor view's URL."""

from website.settings.dev import *  # noqa: F403

DEBUG = False
ROOT_URLCONF = "bench.floor_urls"
