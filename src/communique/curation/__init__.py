"""Curation tools: suggesting actors the knowledge base lacks, from the words around them in a
store, and reading and writing the user dictionary. They serve the ``communique actors`` CLI,
not the coder: they sit above the stage packages and the coder never imports them."""
