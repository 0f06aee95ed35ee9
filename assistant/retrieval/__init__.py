"""Retrieval over the regulation corpus and the user's past reports.

- ``store.Index``: chroma collections (local folder or shared server) with BM25 beside them.
- ``ingest.ingest_paths``: past reports into the index, per section, skipping unchanged files.
- ``search.search``: hybrid BM25 + dense search with filters and exact citation lookup.

Nothing is imported here: chromadb and the embedding model load only when an index is opened.
"""
