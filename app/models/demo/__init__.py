"""Demo data: a generated street with its people and houses (``street``, drawing on
``people`` and the word lists in ``words``) and a
month of cases through the real write path (``cases``). Modules here may import any
other package of ``app.models``. This file imports nothing.
"""
