"""The Batch tab's API through gradio_client against the real server."""
from gradio_client import Client, handle_file

from tests.helpers import read_csv, write_csv


def test_describe_batch_through_gradio_client(live_server, tmp_path):
    source = write_csv(tmp_path / "shop.csv", [
        {"name": "Trail Running Shoe", "features": "Vibram outsole; rock plate", "keywords": "grip"},
        {"name": "", "features": "nameless", "keywords": ""},
    ])
    result_path = Client(live_server.url, verbose=False).predict(
        file=handle_file(str(source)), length="short", api_name="/describe_batch")
    result = read_csv(result_path)
    assert len(result) == 2
    assert result[0]["description"] and not result[0]["error"]
    assert result[1]["error"] == "name: is required"
