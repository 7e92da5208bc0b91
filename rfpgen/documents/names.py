"""The documents `rfpgen build` writes, by key: a light module, so the command line can list them
without importing the Word libraries."""

DOCUMENTS = {  # document key -> (template file, output file suffix)
    "requirements": ("requirements.docx", "requirements.docx"),
    "rfp": ("rfp.docx", "rfp.docx"),
    "guide": ("evaluator_guide.docx", "evaluator-guide.docx"),
    "qa": ("clarifications.docx", "clarifications.docx"),  # only once an answer is published
}
ALL_OUTPUTS = (*DOCUMENTS, "scoring")
