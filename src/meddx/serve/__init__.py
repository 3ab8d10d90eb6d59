"""Serving stage: use a trained run on new notes."""

from meddx.serve._predict import predict_file, predict_texts

__all__ = ["predict_file", "predict_texts"]
