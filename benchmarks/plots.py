"""PNG charts from the benchmark results: `python -m benchmarks --plot DIR`.

Inputs (both JSON):

- the suite's results, `benchmarks/results/latest.json` (`python -m benchmarks` writes it): rows with
  `group`, `figure`, `value`, `unit` and, for latency figures, `samples` (every run, in seconds);
- batched decoding, `benchmarks/results/batched.json`, in this schema:

      {"smollm2": {"1": 29.8, "2": 42.6, "4": 49.5, "8": 50.2},
       "gemma3-270m": {"1": 17.1, "2": 21.5, "4": 42.4, "8": 47.7}}

  model name -> batch size -> aggregate tokens per second (all sequences of the batch together).
  Keys starting with `_` are notes (`"_source"`; `"_caption"`, the chart's footnote). A batched-bench JSON with
  `models.<name>.batched.rows[{B, gen_tps}]` is read too and converted to this schema.

Outputs, in DIR: `tokens_per_second_by_batch.png`, `latency_by_users.png`, `seconds_by_length.png` and
`figures.json` (the numbers drawn, so a chart can be checked against its data).
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

Batched = dict[str, dict[int, float]]
USERS = (1, 4, 8)
LENGTHS = ("short", "medium", "long")
PERCENTILES = ("p50", "p90", "p95")


class PlotDataError(ValueError):
    """A results file without the figures a chart needs; the message says which."""


def load_batched(path: Path) -> tuple[Batched, dict[str, str]]:
    """{model: {batch size: tokens/s}} and the file's notes, from either accepted format."""
    data = json.loads(path.read_text())
    notes = {key: str(value) for key, value in data.items() if key.startswith("_")}
    if isinstance(data.get("models"), dict) and any("batched" in m for m in data["models"].values()):
        notes.setdefault("_source", f"{path.name}: batched-bench rows, gen_tps (threads={data.get('threads', '?')})")
        return {name: {int(row["B"]): float(row["gen_tps"]) for row in model["batched"]["rows"]}
                for name, model in data["models"].items() if "batched" in model}, notes
    figures: Batched = {}
    for model, by_size in data.items():
        if model.startswith("_"):
            continue
        if not isinstance(by_size, dict) or not by_size:
            raise PlotDataError(f"{path}: {model!r} must map batch sizes to tokens per second")
        figures[model] = {int(size): float(rate) for size, rate in by_size.items()}
    if not figures:
        raise PlotDataError(f"{path}: no model figures (schema: {{model: {{batch_size: tok_per_s}}}})")
    return figures, notes


def _row(rows: list[dict[str, Any]], figure: str) -> dict[str, Any]:
    for row in rows:
        if row["figure"] == figure:
            return row
    raise PlotDataError(f"the results have no figure {figure!r}: run `python -m benchmarks` (the server part)")


def latency_by_users(rows: list[dict[str, Any]]) -> dict[int, dict[str, float]]:
    """{users: {p50, p90, p95, per_minute}} from the throughput rows."""
    out = {}
    for users in USERS:
        out[users] = {p: float(_row(rows, f"{users} users: {p} latency")["value"]) for p in PERCENTILES}
        out[users]["per_minute"] = float(_row(rows, f"{users} users: descriptions per minute")["value"])
        out[users]["requests"] = len(_row(rows, f"{users} users: p50 latency").get("samples") or [])
    return out


def seconds_by_length(rows: list[dict[str, Any]]) -> dict[str, list[float]]:
    """{length: every run's seconds} from the latency rows (the median alone where samples are missing)."""
    out = {}
    for length in LENGTHS:
        row = _row(rows, f"{length} description")
        out[length] = [float(v) for v in row.get("samples") or [row["value"]]]
    return out


def _figure(width: float = 7.0, height: float = 4.2) -> tuple[Any, Any]:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(width, height), dpi=100)
    ax.grid(True, axis="y", alpha=0.3)
    ax.set_axisbelow(True)
    return fig, ax


def _save(fig: Any, path: Path) -> Path:
    import matplotlib.pyplot as plt

    fig.tight_layout()
    fig.savefig(path, format="png", metadata={"Software": None})  # no matplotlib version: same data, same bytes
    plt.close(fig)
    return path


def plot_batched(figures: Batched, notes: dict[str, str], path: Path) -> Path:
    fig, ax = _figure()
    for model, by_size in sorted(figures.items()):
        sizes = sorted(by_size)
        ax.plot(sizes, [by_size[s] for s in sizes], marker="o", label=model)
        ax.annotate(f"{by_size[sizes[-1]]:.0f}", (sizes[-1], by_size[sizes[-1]]), textcoords="offset points",
                    xytext=(6, -3), fontsize=8)
    ax.set_xscale("log", base=2)
    every = sorted({s for by_size in figures.values() for s in by_size})
    ax.set_xticks(every, [str(s) for s in every])
    ax.set_ylim(bottom=0)
    ax.set_xlabel("sequences decoded together (batch size)")
    ax.set_ylabel("tokens per second, whole batch")
    ax.set_title("Batched decoding: aggregate tokens/s by batch size")
    ax.legend()
    caption = notes.get("_caption") or notes.get("_source", "")
    if caption:
        fig.text(0.01, 0.01, caption[:140], fontsize=7, alpha=0.7)
    return _save(fig, path)


def plot_latency(latency: dict[int, dict[str, float]], machine: str, path: Path) -> Path:
    fig, ax = _figure()
    width = 0.25
    for offset, percentile in enumerate(PERCENTILES):
        xs = [index + (offset - 1) * width for index in range(len(USERS))]
        bars = ax.bar(xs, [latency[u][percentile] for u in USERS], width, label=percentile)
        ax.bar_label(bars, fmt="%.1f", fontsize=7, padding=2)
    ax.set_xticks(range(len(USERS)),
                  [f"{u} user{'s' if u > 1 else ''}\n{latency[u]['per_minute']:.0f} a minute" for u in USERS])
    ax.set_ylabel("seconds per short description")
    ax.set_title("Latency percentiles with concurrent users (gradio_client)")
    ax.legend(title="percentile")
    counts = "/".join(str(int(latency[u]["requests"])) for u in USERS)
    fig.text(0.01, 0.01, f"{machine}; {counts} requests", fontsize=7, alpha=0.7)
    return _save(fig, path)


def plot_lengths(samples: dict[str, list[float]], machine: str, path: Path) -> Path:
    import statistics

    fig, ax = _figure(6.0, 4.2)
    ax.boxplot([samples[length] for length in LENGTHS], tick_labels=list(LENGTHS), widths=0.5)
    for index, length in enumerate(LENGTHS, start=1):
        ax.scatter([index] * len(samples[length]), samples[length], s=12, alpha=0.6, zorder=3)
        ax.annotate(f"median {statistics.median(samples[length]):.2f} s", (index, max(samples[length])),
                    textcoords="offset points", xytext=(0, 6), ha="center", fontsize=8)
    ax.set_ylim(bottom=0, top=max(max(v) for v in samples.values()) * 1.2)
    ax.set_xlabel("requested length")
    ax.set_ylabel("seconds per verified description")
    ax.set_title("Seconds per description by length (through the API)")
    fig.text(0.01, 0.01, f"{machine}; {len(samples[LENGTHS[0]])} runs each", fontsize=7, alpha=0.7)
    return _save(fig, path)


def plot_all(directory: Path, results: Path, batched: Path | None) -> list[Path]:
    """Every chart whose data is there; raises PlotDataError naming what is missing when nothing could be drawn."""
    directory.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    problems: list[str] = []
    drawn: dict[str, Any] = {}
    if batched is not None and batched.is_file():
        figures, notes = load_batched(batched)
        written.append(plot_batched(figures, notes, directory / "tokens_per_second_by_batch.png"))
        drawn["tokens_per_second_by_batch"] = {"figures": figures, **notes}
    else:
        problems.append(f"no batched figures at {batched}")
    if results.is_file():
        suite = json.loads(results.read_text())
        machine = str(suite.get("machine", ""))
        try:
            latency = latency_by_users(suite["rows"])
            written.append(plot_latency(latency, machine, directory / "latency_by_users.png"))
            drawn["latency_by_users"] = latency
            lengths = seconds_by_length(suite["rows"])
            written.append(plot_lengths(lengths, machine, directory / "seconds_by_length.png"))
            drawn["seconds_by_length"] = lengths
        except PlotDataError as exc:
            problems.append(str(exc))
        drawn["machine"] = machine
    else:
        problems.append(f"no suite results at {results} (run `python -m benchmarks`)")
    if not written:
        raise PlotDataError("; ".join(problems))
    (directory / "figures.json").write_text(json.dumps(drawn, indent=2, sort_keys=True) + "\n")
    for problem in problems:
        print(f"skipped: {problem}")
    return written
