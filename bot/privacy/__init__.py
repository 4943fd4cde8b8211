"""Privacy: redaction of personal data before anything is stored, and retention."""
