"""The demo: an illustrative Missouri network, a year of synthetic traffic, and the run that shows everything."""
