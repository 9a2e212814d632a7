"""The Streamlit faces of the atlas: the only package that imports streamlit."""
