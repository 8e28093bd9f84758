"""What a search backend raises when its engine does not answer."""

import contextlib
import logging


class SearchUnavailable(Exception):
    """The search engine is down or unreachable: the search page answers 503, the index
    worker keeps its outbox entries for later, the commands say so in one line."""

    def __init__(self, engine: str, cause: str):
        super().__init__(f"{engine} is not reachable ({cause})")
        self.engine = engine
        self.cause = cause


@contextlib.contextmanager
def outage_said_by_caller():
    """For a command that reports an unreachable engine itself, in one line: the outage
    log line (core.outage) would say the same again."""
    log = logging.getLogger("samendenk.outage")
    level = log.level
    log.setLevel(logging.ERROR)
    try:
        yield
    finally:
        log.setLevel(level)
