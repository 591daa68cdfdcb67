"""The verifier: plays every snippet scenario in a clean room against the local index and records the outcome."""
