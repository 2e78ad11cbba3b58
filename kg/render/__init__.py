"""What people look at: :mod:`~kg.render.view` (which part of the graph is drawn),
:mod:`~kg.render.page` (the offline HTML page) and :mod:`~kg.render.tables` (terminal tables).
"""
