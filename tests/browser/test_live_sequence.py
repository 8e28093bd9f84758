"""live.js and the Python reader (bench/live_reader.py) decide alike: the same
out-of-order, duplicated and gapped events give the same actions in Chromium and Python."""

import json
from pathlib import Path

from bench.live_reader import Sequence

SEQUENCE_JS = Path(__file__).resolve().parents[2] / "groups/static/groups/live_sequence.js"

# (call, arguments): posts out of order, twice, a removal, a gap the server announces, a
# hidden number the fetch calls absent, an edit of a post already shown, a reconnect.
STEPS = [
    ["post", 3, "created"], ["post", 2, "created"], ["post", 2, "created"],
    ["fetched", []], ["post", 6, "created"], ["removed", 5], ["post", 4, "catch_up"],
    ["fetched", []], ["announce", 9], ["post", 9, "created"], ["reset"],
    ["post", 7, "catch_up"], ["post", 8, "catch_up"], ["fetched", []], ["post", 3, "edited"],
    ["post", 12, "created"], ["fetched", [10]], ["post", 11, "catch_up"], ["fetched", []],
    ["post", 11, "created"], ["announce", 12],
]  # fmt: skip


def _python_decisions() -> list:
    sequence = Sequence(1)
    decisions = []
    for step in STEPS:
        if step[0] == "post":
            out = sequence.post(step[1], {"type": "post", "number": step[1], "event": step[2]})
        elif step[0] == "removed":
            out = sequence.post(step[1], {"type": "post_removed", "number": step[1]})
        elif step[0] == "announce":
            out = sequence.announce(step[1])
        elif step[0] == "fetched":
            out = sequence.fetched(step[1])
        else:
            out = [["reset", sequence.reset()]]
        decisions.append([action[:3] for action in out])
    return decisions


JS_RUN = """steps => {
  const sequence = new window.SamendenkSequence(1);
  return steps.map(step => {
    let out;
    const post = {type: "post", number: step[1], event: step[2]};
    if (step[0] === "post") out = sequence.post(step[1], post);
    else if (step[0] === "removed") out = sequence.post(step[1], {type: "post_removed"});
    else if (step[0] === "announce") out = sequence.announce(step[1]);
    else if (step[0] === "fetched") out = sequence.fetched(step[1]);
    else out = [["reset", sequence.reset()]];
    return out.map(action => action.slice(0, 3));
  });
}"""


def test_live_js_and_the_python_reader_decide_alike(page):
    page.set_content("<!doctype html><title>sequence</title>")
    page.add_script_tag(path=str(SEQUENCE_JS))
    in_browser = page.evaluate(JS_RUN, STEPS)
    in_python = _python_decisions()
    assert json.dumps(in_browser) == json.dumps(in_python)
    applied = [a[1] for step in in_python for a in step if a[0] == "apply"]
    shown = [a[1] for step in in_python for a in step if a[0] == "apply" and a[2] == "post"]
    # Every number once, in order; 5 (removed) and 10 (absent) are never shown as posts.
    assert applied == list(range(2, 13))
    assert shown == [2, 3, 4, 6, 7, 8, 9, 11, 12]
    # The reconnect asks from the first gap (after 6), not from the highest number seen (9).
    assert ["reset", 6] in [a for step in in_python for a in step]
    # The edit of a post already shown is an update, the duplicates are ignored.
    assert ["update", 3, "post"] in [a for step in in_python for a in step]
