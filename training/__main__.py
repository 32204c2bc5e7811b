"""python -m training prepare | train | export (see each module's docstring; evaluation is `python -m generator.eval`,
the dvc.yaml evaluate stage)."""
from __future__ import annotations

import argparse
import json
from dataclasses import fields
from pathlib import Path

from .train import TrainConfig


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m training", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("prepare", help="validate, check, de-duplicate and split data/raw/ into data/")
    commands.add_parser("phrases", help="check, de-duplicate and split data/raw-phrases/ into data/phrases/")
    train = commands.add_parser("train", help="fine-tune a LoRA adapter on data/train.jsonl")
    train.add_argument("--out", type=Path, required=True, help="the run folder")
    for item in fields(TrainConfig):
        if item.name in ("target_modules", "format_version"):
            continue
        default = TrainConfig().__dict__[item.name]
        train.add_argument(f"--{item.name.replace('_', '-')}", type=type(default), default=default)
    export = commands.add_parser("export", help="convert a run's adapter to llama.cpp's GGUF adapter format")
    export.add_argument("run", type=Path)
    export.add_argument("outfile", type=Path)
    args = parser.parse_args(argv)
    if args.command == "prepare":
        from .prepare import prepare

        print(json.dumps(prepare(), indent=1, ensure_ascii=False))
    elif args.command == "phrases":
        from .phrases import prepare_phrases

        print(json.dumps(prepare_phrases(), indent=1, ensure_ascii=False))
    elif args.command == "train":
        from .train import train as run_training

        config = TrainConfig(**{k: v for k, v in vars(args).items() if k in TrainConfig.__dataclass_fields__})
        print(json.dumps(run_training(config, args.out), indent=1))
    else:
        from .export import export as run_export

        print(run_export(args.run, args.outfile))


if __name__ == "__main__":
    main()
