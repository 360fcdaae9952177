"""The core: load, validate and evaluate decisions and frameworks. Knows nothing of any site engine."""
