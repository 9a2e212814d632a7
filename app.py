"""Peace Plan Atlas — Streamlit entry point: page wiring only (no streamlit import outside ui/)."""
from ui.main import app

app()
