"""The writer's workspace in the browser (Gradio): tables, drafting, review, export, chat.

A thin layer: every action calls ``assistant``; ``assistant`` never imports ``ui`` or gradio.
Start it with ``python -m ui`` (or ``make run``).
"""
