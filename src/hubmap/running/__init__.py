"""Running the pipeline, apart from its stages: the command line, the notebook runner
(papermill, on kernels over IPC), and the run log.
"""
