"""The optional ``presidio`` detector: offline spaCy small model, Presidio types mapped to PHI."""

from __future__ import annotations

import pytest

from meddx.deid import DETECTORS, LABELS, PRESIDIO_TO_PHI, Deidentifier

NOTE = ("Seen by Dr. John Smith on July 22, 2019. Call 617-555-1234 or mail "
        "john.smith@example.com. SSN 536-22-8745.")


def test_every_mapped_type_is_a_meddx_label():
    assert "presidio" in DETECTORS
    assert set(PRESIDIO_TO_PHI.values()) <= set(LABELS)


@pytest.mark.slow  # loading spaCy and Presidio's recognizers takes well over 5 s here
def test_presidio_maps_its_types_onto_phi_labels(monkeypatch):
    import socket

    def no_network(*args, **kwargs):
        raise AssertionError("the presidio detector tried to reach the network")

    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr(socket.socket, "connect", no_network)
    spans = Deidentifier(detectors=["presidio"]).detect(NOTE)
    found = {NOTE[s.start:s.end]: s.label for s in spans}
    assert found.get("John Smith") == "NAME"
    assert found.get("john.smith@example.com") == "EMAIL"
    assert found.get("536-22-8745") == "SSN"
    assert found.get("617-555-1234") == "PHONE"
    assert any(v == "DATE" and "2019" in k for k, v in found.items())
    assert {s.label for s in spans} <= set(LABELS)
    assert {s.source for s in spans} == {"presidio"}
    assert Deidentifier(detectors=["presidio"]).detect("  ") == []
