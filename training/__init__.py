"""The writer's MLOps pipeline: prepare the data, train a LoRA adapter, export it for llama.cpp, evaluate it.

`python -m training --help`; `dvc repro` runs the stages of dvc.yaml, which call these commands.
"""
