"""What a proposal is and how to load one. Imports no geometry and no streamlit."""
