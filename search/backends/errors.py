"""What a search backend raises when its engine does not answer."""


class SearchUnavailable(Exception):
    """The search engine is down or unreachable: the search page answers 503, the index
    worker keeps its outbox entries for later, the commands say so in one line."""

    def __init__(self, engine: str, cause: str):
        super().__init__(f"{engine} is not reachable ({cause})")
        self.engine = engine
        self.cause = cause
