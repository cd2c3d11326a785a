"""Knowledge base: collections, nested categories and articles with translations that are
drafted, published and unpublished per language (Dixa: Knowledge)."""
