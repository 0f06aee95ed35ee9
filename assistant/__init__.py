"""nianbao: drafting and checking 政府信息公开工作年度报告."""

from assistant import accel

__version__ = "0.1.0"

accel.install()  # the compiled parser and checks, when built and up to date (see assistant/accel.py)
