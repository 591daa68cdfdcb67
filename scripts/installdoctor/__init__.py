"""Install Doctor's tooling in two halves that meet only at `results` (the records and their file):
`verify` runs the snippet scenarios against the local package index and writes records; `site` reads
them to gate, badge and build the pages."""
