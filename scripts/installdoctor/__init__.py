"""Install Doctor's tooling: the snippet verifier, the local package index and the site gate."""
