"""Full-text search over discussions and news: backends, index sync, query parser, pages."""
