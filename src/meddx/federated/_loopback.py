"""Run a Flower ``ServerApp`` and ``ClientApp`` in one process, without Ray.

Flower's own simulation runtime (``flwr.simulation.run_simulation``, ``flwr run`` on a local
federation) starts Ray, heavy on a small CPU box. The apps themselves only see a ``Grid``:
:class:`LoopbackGrid` implements it by handing each message straight to the ``ClientApp``
of its destination node, one site after the other, with a persistent ``Context`` per node
(``node_config`` carries ``partition-id``, ``num-partitions`` and the site name; every
context, server and sites, gets the same ``run_config``). Messages,
records and strategies are Flower's, unchanged; only weights and metrics cross the grid,
exactly what a SuperLink would relay between real machines (see docs/privacy.md).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from uuid import uuid4

from meddx.errors import require

__all__ = ["run_loopback"]

SERVER_NODE_ID = 1


def _grid_class():
    flwr = require("flwr", "federated")  # noqa: F841 - a clear error when the extra is missing
    from flwr.app import Context, Message, RecordDict
    from flwr.serverapp import Grid
    from flwr.supercore.run import Run

    class LoopbackGrid(Grid):
        """A Grid whose nodes are ClientApps called in-process."""

        def __init__(self, client_app, node_configs: list[dict], run_config: dict) -> None:
            self.client_app = client_app
            self.node_ids = [1000 + i for i in range(len(node_configs))]
            self.contexts = {
                nid: Context(run_id=1, node_id=nid, node_config=dict(cfg), state=RecordDict(),
                             run_config=dict(run_config))
                for nid, cfg in zip(self.node_ids, node_configs, strict=True)}
            self._run = Run.create_empty(run_id=1)
            self.bytes_sent = 0  # server -> sites, array payloads
            self.bytes_received = 0  # sites -> server
            self.replies: list = []

        def set_run(self, run) -> None:
            self._run = run

        @property
        def run(self):
            return self._run

        def create_message(self, content, message_type: str, dst_node_id: int, group_id: str,
                           ttl: float | None = None):
            return Message(content, dst_node_id, message_type, ttl=ttl, group_id=group_id)

        def get_node_ids(self) -> Iterable[int]:
            return list(self.node_ids)

        def push_messages(self, messages):
            out = []
            for msg in messages:
                msg.metadata.__dict__["_message_id"] = str(uuid4())
                msg.metadata.__dict__["_src_node_id"] = SERVER_NODE_ID
                msg.metadata.__dict__["_run_id"] = self._run.run_id
                self.bytes_sent += _array_bytes(msg)
                reply = self.client_app(msg, self.contexts[msg.metadata.dst_node_id])
                reply.metadata.__dict__["_message_id"] = str(uuid4())
                self.bytes_received += _array_bytes(reply)
                self.replies.append(reply)
                out.append(msg.metadata.message_id)
            return out

        def pull_messages(self, message_ids):
            wanted = set(message_ids)
            found = [r for r in self.replies if r.metadata.reply_to_message_id in wanted]
            self.replies = [r for r in self.replies if r not in found]
            return found

        def send_and_receive(self, messages, *, timeout: float | None = None):
            return self.pull_messages(self.push_messages(messages))

    return LoopbackGrid


def _array_bytes(message) -> int:
    if message.has_error():
        return 0
    total = 0
    for record in message.content.array_records.values():
        for array in record.values():
            total += len(array.data)
    return total


def run_loopback(server_app, client_app, node_configs: list[dict], *, run_config: dict,
                 quiet: bool = True):
    """Run ``server_app`` against one ``client_app`` per entry of ``node_configs``; returns the
    grid (with its byte counters)."""
    from flwr.app import Context, RecordDict
    from flwr.supercore.task_identity import TaskIdentity

    grid = _grid_class()(client_app, node_configs, run_config)
    context = Context(run_id=1, node_id=SERVER_NODE_ID, node_config={}, state=RecordDict(),
                      run_config=dict(run_config))
    # Messages read the sender's identity from this process-wide record, which Flower's own
    # runtimes fill in when they start an app process; set it for the run, then restore it.
    saved = (TaskIdentity._task_id, TaskIdentity._run_id, TaskIdentity._node_id)
    TaskIdentity.task_id, TaskIdentity.run_id, TaskIdentity.node_id = 1, 1, SERVER_NODE_ID
    flwr_log = logging.getLogger("flwr")
    level = flwr_log.level
    if quiet:
        flwr_log.setLevel(logging.WARNING)  # Flower logs every round at INFO on the console
    try:
        server_app(grid, context)
    finally:
        TaskIdentity.task_id, TaskIdentity.run_id, TaskIdentity.node_id = saved
        flwr_log.setLevel(level)
    grid.context = context
    return grid
