"""WebSocket routes of the live forum: one socket per tab at /ws/."""

from django.urls import path

from .live.consumer import LiveConsumer

websocket_urlpatterns: list = [
    path("ws/", LiveConsumer.as_asgi()),
]
