"""The site: reads the verifier's records to gate, badge and render the pages; never runs a scenario."""
