"""Files of the data behind a map (zip of GeoJSON, CSV and a README): no drawing library."""
