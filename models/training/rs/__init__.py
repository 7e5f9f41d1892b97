"""The returns10 trainer as modules: data (datasets and label sets), augment (views), model (the
network), loop (loss and epochs), calibrate (temperature and the band rule), export (ONNX + model.json).
`models/training/pipeline.py` (npm run train) runs the stages; train.py is the catalogue stage's CLI."""
