"""lgkg: local-governance knowledge graph."""
