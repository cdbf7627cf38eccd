"""Extraction stages that read sentences: figures and periods, entities, statements."""
