"""The bottom floor: infrastructure every part of Samendenk shares (errors, the worker's jobs,
progress, app-submodule discovery, content-change notices, the client-privacy scanner,
outage tracking and the Redis cache and PostgreSQL backend that degrade or fail fast).
It imports no other part of the project."""
