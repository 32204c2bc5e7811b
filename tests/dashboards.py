"""Reading monitoring/grafana-dashboard.json: its panels, and the metric names its PromQL selects."""
from __future__ import annotations

import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DASHBOARD = ROOT / "monitoring" / "grafana-dashboard.json"
PROMETHEUS = ROOT / "monitoring" / "prometheus.yml"

# PromQL functions, aggregations and keywords that can stand where a metric name could.
PROMQL_WORDS = {
    # aggregations and their modifiers
    "sum", "min", "max", "avg", "group", "stddev", "stdvar", "count", "count_values", "bottomk", "topk",
    "quantile", "limitk", "limit_ratio", "by", "without", "on", "ignoring", "group_left", "group_right",
    # binary operators and modifiers
    "and", "or", "unless", "bool", "offset", "atan2", "le",
    # functions
    "abs", "absent", "absent_over_time", "ceil", "changes", "clamp", "clamp_max", "clamp_min",
    "day_of_month", "day_of_week", "day_of_year", "days_in_month", "delta", "deriv", "exp", "floor",
    "histogram_quantile", "histogram_avg", "histogram_count", "histogram_sum", "histogram_fraction",
    "histogram_stddev", "histogram_stdvar", "holt_winters", "double_exponential_smoothing", "hour", "idelta",
    "increase", "irate", "label_join", "label_replace", "ln", "log2", "log10", "minute", "month",
    "predict_linear", "rate", "resets", "round", "scalar", "sgn", "sort", "sort_desc", "sort_by_label",
    "sort_by_label_desc", "sqrt", "time", "timestamp", "vector", "year", "avg_over_time", "min_over_time",
    "max_over_time", "sum_over_time", "count_over_time", "quantile_over_time", "stddev_over_time",
    "stdvar_over_time", "last_over_time", "present_over_time", "mad_over_time", "info",
    # literals
    "inf", "nan",
}
HISTOGRAM_SUFFIXES = ("_bucket", "_sum", "_count")

PANELS = [
    "Request rate by endpoint",
    "Errors by endpoint",
    "Request latency p50 / p95",
    "Generation seconds p50 / p95",
    "Tokens per second",
    "Active requests",
    "Queue depth",
    "Cache hit ratio",
    "Description coverage (prose vs final)",
    "Unsupported claims removed",
    "Lint findings by kind",
    "Image analysis seconds p50 / p95",
    "Generation errors by type and reason",
    "Model load time",
]


def metric_names(expr: str) -> set[str]:
    """The metric names a PromQL expression selects."""
    text = re.sub(r'"(?:[^"\\]|\\.)*"|\'(?:[^\'\\]|\\.)*\'|`[^`]*`', '""', expr)  # string literals
    text = re.sub(r"\{[^}]*\}", "{}", text)  # label matchers
    text = re.sub(r"\[[^\]]*\]", "[]", text)  # range and subquery durations
    text = re.sub(r"\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)", " ", text)  # label lists
    names = set()
    for match in re.finditer(r"(?<![\w$.:])([a-zA-Z_:][a-zA-Z0-9_:]*)(?=\s*[{\[)]|\s|$)", text):
        name = match.group(1)
        rest = text[match.end():].lstrip()
        if name.lower() in PROMQL_WORDS or rest.startswith("("):
            continue
        names.add(name)
    return names


def load_dashboard() -> dict:
    return json.loads(DASHBOARD.read_text(encoding="utf-8"))


def panels(dashboard: dict) -> list[dict]:
    found = []
    for panel in dashboard["panels"]:
        found.append(panel)
        found.extend(panel.get("panels", []))  # panels inside collapsed rows
    return found


def queried_metrics(dashboard: dict) -> dict[str, set[str]]:
    """Metric name -> titles of the panels that query it."""
    names: dict[str, set[str]] = {}
    for panel in panels(dashboard):
        for target in panel.get("targets", []):
            for name in metric_names(target["expr"]):
                names.setdefault(name, set()).add(panel["title"])
    return names


def exposed_names(metrics_text: str) -> dict[str, str]:
    """Sample names a /metrics text can show -> their metric type (from `# TYPE` lines)."""
    names: dict[str, str] = {}
    for line in metrics_text.splitlines():
        match = re.match(r"# TYPE (\S+) (\S+)", line)
        if not match:
            continue
        name, kind = match.groups()
        names[name] = kind
        if kind == "counter" and not name.endswith("_total"):
            names[name + "_total"] = kind  # exposition formats that declare counters without the suffix
        if kind in ("histogram", "summary"):
            for suffix in HISTOGRAM_SUFFIXES:
                names[name + suffix] = kind
    return names


def series(metrics_text: str) -> dict[str, list[str]]:
    """Sample name -> its sample lines (not the # HELP and # TYPE lines)."""
    found: dict[str, list[str]] = {}
    for line in metrics_text.splitlines():
        if line and not line.startswith("#"):
            found.setdefault(line.split("{")[0].split(" ")[0], []).append(line)
    return found
