/* Exactly-once, in-order delivery of one thread's posts (issue #13), used by live.js.
 *
 * The same algorithm, line for line, as bench/live_reader.py's Sequence (a browser test
 * feeds both the same events and compares their decisions):
 * - the reader has every number up to `floor` (shown, or known to be absent for it:
 *   hidden, held or deleted) and keeps posts that arrive above a gap in `pending`;
 * - a post that fills the gap is applied, then the pending ones in number order; a second
 *   copy of a post it has is ignored; an edit, removal or restore of one is an update;
 * - a gap (a post above floor + 1, or the server's last_number above floor) asks the
 *   server for the missing numbers, one range of at most FETCH_LIMIT at a time; the
 *   answer's posts fill it and its `fetched` frame names the numbers that are absent;
 * - on a reconnect the reader subscribes with last_number = floor: from its first gap.
 * Each call returns a list of actions: ["apply", n, kind], ["update", n, kind] (kind is
 * "post" or "absent") and ["fetch", from, to].
 */
(function (root) {
  "use strict";

  var FETCH_LIMIT = 200;
  var NEW_EVENTS = { created: true, catch_up: true };
  var ABSENT = { type: "absent" };

  function kind(item) {
    return item.type === "post" ? "post" : "absent";
  }

  function Sequence(floor) {
    this.floor = floor || 0;
    this.known = this.floor;
    this.pending = {};
    this.asked = null;
  }

  Sequence.prototype.post = function (number, item) {
    var out = [];
    var duplicate = item.type === "post" && NEW_EVENTS[item.event] === true;
    if (number <= this.floor) {
      if (!duplicate) out.push(["update", number, kind(item), item]);
      return out;
    }
    if (this.pending.hasOwnProperty(number) && duplicate) return out;
    this.pending[number] = item;
    this.known = Math.max(this.known, number);
    this.drain(out);
    this.check(out);
    return out;
  };

  Sequence.prototype.announce = function (lastNumber) {
    var out = [];
    this.known = Math.max(this.known, lastNumber);
    this.check(out);
    return out;
  };

  Sequence.prototype.fetched = function (absent) {
    var out = [];
    this.asked = null;
    for (var i = 0; i < absent.length; i++) {
      var number = absent[i];
      if (number > this.floor && !this.pending.hasOwnProperty(number)) this.pending[number] = ABSENT;
    }
    this.drain(out);
    this.check(out);
    return out;
  };

  Sequence.prototype.reset = function () {
    this.asked = null;
    return this.floor;
  };

  Sequence.prototype.drain = function (out) {
    while (this.pending.hasOwnProperty(this.floor + 1)) {
      this.floor += 1;
      var item = this.pending[this.floor];
      delete this.pending[this.floor];
      out.push(["apply", this.floor, kind(item), item]);
    }
  };

  Sequence.prototype.check = function (out) {
    var target = this.known;
    for (var key in this.pending) {
      if (this.pending.hasOwnProperty(key)) target = Math.max(target, parseInt(key, 10));
    }
    if (target > this.floor && this.asked === null) {
      var first = this.floor + 1;
      var last = Math.min(target, first + FETCH_LIMIT - 1);
      this.asked = [first, last];
      out.push(["fetch", first, last]);
    }
  };

  root.SamendenkSequence = Sequence;
})(window);
