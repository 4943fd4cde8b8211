"""The curated knowledge base: files in knowledge/, checked, loaded into SQL, searched and routed."""
