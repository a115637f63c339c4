"""Text analysis with no knowledge of the law: the language of a document's text layer
(:mod:`.langdetect`). A bottom layer beside the inventory; rules import it, never the other way.
"""
