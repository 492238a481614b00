"""Analysis stages.  Each module holds one stage: a pure function from typed input to typed output.

The wiring (what each stage reads and writes) lives in :mod:`newsfuse.pipeline`.
"""
