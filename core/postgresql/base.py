"""Django's PostgreSQL backend that fails fast while the database is down.

Without it, every request during an outage waits for the pool (``DATABASE_POOL_TIMEOUT``)
or a connection attempt before it fails, and the page processes fill up with waiting
requests. Here the first failure marks PostgreSQL down for this process (core.outage):
until a probe (one a second, a direct connection bounded by ``connect_timeout``) reaches
it again, new connections are refused at once with an ``OperationalError`` that the site
answers with a 503 (website/errors.py). The pool itself may still be backing off from its
failed reconnects when the server returns; the probe's success lets requests ask it again,
and a waiting request makes it grow.
"""

from __future__ import annotations

from django.db.backends.postgresql import base

from ..outage import Outage

outage = Outage("PostgreSQL")


class DatabaseWrapper(base.DatabaseWrapper):
    def get_new_connection(self, conn_params):
        if not outage.available():
            raise self.Database.OperationalError(
                f"PostgreSQL unavailable ({outage.cause}); not trying again yet"
            )
        try:
            if outage.is_down and self.pool is not None:
                # The probe: the pool would wait its whole timeout if the server is still
                # away; one direct connection says so within connect_timeout.
                self.Database.connect(**self.get_connection_params()).close()
            connection = super().get_new_connection(conn_params)
        except self.Database.Error as error:  # PoolTimeout is an OperationalError too
            outage.failed(error)
            raise
        outage.succeeded()
        return connection
