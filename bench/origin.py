"""The Origin a browser would send for a socket URL (the site's scheme, host and port), which
the server's origin check requires."""

from urllib.parse import urlsplit


def same_origin(url: str) -> str:
    parts = urlsplit(url)
    scheme = "https" if parts.scheme in ("wss", "https") else "http"
    return f"{scheme}://{parts.netloc}"
