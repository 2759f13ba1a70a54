"""The shared vocabulary at the bottom of the pipeline: Hub order, files and checksums, the data
notice, located problems, repository paths, and the registry of notebooks, figures and tables.

Every stage may use these; they use no stage.
"""
