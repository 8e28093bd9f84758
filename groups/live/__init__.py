"""The live path: the socket ``/ws/`` (``consumer``, its ``protocol``, per-reader
``delivery`` and ``database`` work), the per-process ``hub`` that joins the channel layer
and fans events out, and the socket's session check (``socket_auth``). Write functions
publish through ``groups.events``; who gets what is ``groups.visibility``'s ``Audience``."""
