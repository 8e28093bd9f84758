"""The uitvoeringstoets's live tallies on the socket (topic ``toets:<id>``), as a mixin of
``LiveConsumer``: subscribing checks that the member may open the toets, and each tally event
is filtered per reader from state kept on the socket (``groups.toets.live``)."""

from __future__ import annotations

import json

from django.utils.translation import gettext as _

from ..toets.live import load_toets_access, tally_payload, toets_channel
from .database import db_call
from .protocol import Refused, Subscription


class ToetsLiveMixin:
    async def _subscribe_toets(self, topic: str, toets_id: int, extra: dict) -> None:
        state = await db_call(load_toets_access)(self.member, toets_id)
        if state is None:
            raise Refused(
                "not_found",
                _("This implementation test does not exist or you may not follow it."),
            )
        self.toets_states = getattr(self, "toets_states", {})
        self.toets_states[toets_id] = state
        if topic not in self.subscriptions:
            self.subscriptions[topic] = Subscription(topic, "toets", toets_id)
            await self.hub.subscribe(toets_channel(toets_id), self)
        self.send_event({"type": "subscribed", "topic": topic, **extra})

    async def _toets_allowed(self, toets_id: int) -> bool:
        state = await db_call(load_toets_access)(self.member, toets_id)
        if state is not None:
            self.toets_states[toets_id] = state
        return state is not None

    def _deliver_toets(self, layer_topic: str, message: dict, frames: dict) -> bool:
        toets_id = int(layer_topic.partition(".")[2])
        topic = f"toets:{toets_id}"
        state = getattr(self, "toets_states", {}).get(toets_id)
        if topic not in self.subscriptions or state is None:
            return False
        payload = tally_payload(state, self.access.member_id, topic, message)
        if payload is None:
            return False
        # Every reader allowed to see it gets the same frame: encode it once per event.
        key = ("toets", topic)
        if key not in frames:
            frames[key] = json.dumps(payload)
        return self.push(frames[key])
