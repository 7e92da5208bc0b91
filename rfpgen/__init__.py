"""rfpgen: from a client's contact-center requirements to the documents of a vendor selection."""
__version__ = "0.1.0"
