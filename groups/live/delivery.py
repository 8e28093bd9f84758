"""Events from the hub to one socket: each decided per reader from the socket's ``Audience``
(``groups.visibility``), without a query, and queued as a frame shared by every socket
that gets the same one."""

from __future__ import annotations

import json

from ..visibility import Delivery


def _thread_frame(topic: str, message: dict) -> dict:
    frame = {
        "type": "thread",
        "topic": topic,
        "thread_id": message["thread_id"],
        "event": message["event"],
        "locked": message["locked"],
        "hidden": message["hidden"],
    }
    if message.get("panel"):
        # The knowledge panel (guidance banner, verified answer): viewer-neutral.
        frame["panel"] = message["panel"]
    return frame


class DeliveryMixin:
    """The ``deliver`` half of ``LiveConsumer``: synchronous, no awaiting per delivery."""

    def deliver(self, layer_topic: str, message: dict, frames: dict) -> bool:
        kind = message.get("type")
        if kind == "post.event":
            return self._deliver_post(message, frames)
        if kind == "thread.event":
            return self._deliver_thread(layer_topic, message, frames)
        if kind == "presence":
            return self._deliver_presence(message, frames)
        if kind in ("toets.tally", "toets.closed"):
            return self._deliver_toets(layer_topic, message, frames)
        if kind == "member.event":
            if not self.notifications:
                return False
            payload = {k: v for k, v in message.items() if k not in ("type", "topic")}
            return self.send_event({"type": "notification", "topic": "me", **payload})
        if kind == "access.changed":
            self.spawn(
                self.access_changed(message.get("reason", ""), message.get("session_key", "")),
                "access re-check",
            )
            return False
        return False

    def heartbeat(self, latest: dict[int, int], frames: dict) -> bool:
        """The hub's heartbeat: the latest number of each thread this socket follows."""
        topics = tuple(
            (s.topic, latest[s.ident])
            for s in self.subscriptions.values()
            if s.kind == "thread" and s.ident in latest
        )
        return self.push(
            self._shared(frames, ("heartbeat", topics), lambda: {
                "type": "heartbeat", "topics": dict(topics)
            })
        )  # fmt: skip

    def _shared(self, frames: dict, key, build) -> str:
        frame = frames.get(key)
        if frame is None:
            frame = frames[key] = json.dumps(build())
        return frame

    def _deliver_post(self, message, frames) -> bool:
        topic = f"thread:{message['thread_id']}"
        if topic not in self.subscriptions:
            return False
        delivery = self.access.post_delivery(message)
        if delivery == Delivery.NOTHING:
            return False
        if delivery == Delivery.REMOVED:
            reason = "hidden"
            return self.push(
                self._shared(
                    frames,
                    ("removed", reason),
                    lambda: {
                        "type": "post_removed",
                        "topic": topic,
                        "number": message["number"],
                        "reason": reason,
                        # The viewer-neutral partial: for a post this reader may not
                        # read it is the placeholder the page shows after a reload.
                        "html": message["html"],
                    },
                )
            )
        return self.push(
            self._shared(
                frames,
                "post",
                lambda: {
                    "type": "post",
                    "topic": topic,
                    "event": message["event"],
                    "number": message["number"],
                    "post_id": message["post_id"],
                    "html": message["html"],
                },
            )
        )

    def _deliver_thread(self, layer_topic, message, frames) -> bool:
        group_id = message["group_id"]
        thread_id = message["thread_id"]
        if layer_topic.startswith("thread."):
            topic = f"thread:{thread_id}"
            subscription = self.subscriptions.get(topic)
            if subscription is None:
                return False
            subscription.group_id = group_id
            subscription.thread_hidden = message["hidden"]
            if not self.access.can_read(group_id, thread_hidden=message["hidden"]):
                self.spawn(self._revoke(subscription, "access"), "ending a subscription")
                return False
            if message["event"] in ("replied", "created"):
                return False  # the post event says it all
            return self.push(self._shared(frames, "thread", lambda: _thread_frame(topic, message)))
        subscribed_group = int(layer_topic.partition(".")[2])
        topic = f"group:{subscribed_group}"
        if topic not in self.subscriptions or not self.access.can_see_titles(subscribed_group):
            return False
        visible = group_id == subscribed_group and self.access.sees_thread_row(
            group_id, thread_hidden=message["hidden"]
        )
        if not visible:
            return self.push(
                self._shared(
                    frames,
                    ("row_removed", topic),
                    lambda: {"type": "thread_row_removed", "topic": topic, "thread_id": thread_id},
                )
            )
        return self.push(
            self._shared(
                frames,
                ("row", topic),
                lambda: {
                    "type": "thread_row",
                    "topic": topic,
                    "thread_id": thread_id,
                    "event": message["event"],
                    "html": message["html"],
                },
            )
        )

    def _deliver_presence(self, message, frames) -> bool:
        topic = f"thread:{message['thread_id']}"
        if topic not in self.subscriptions:
            return False
        readers = message["readers"]
        return self.push(
            self._shared(
                frames,
                "presence",
                lambda: {
                    "type": "presence",
                    "topic": topic,
                    "readers": readers,
                    "others": max(readers - 1, 0),
                },
            )
        )
