"""The analysis framework: plugin API, results, engagement data, discovery."""
