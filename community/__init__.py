"""Members, profiles, notification preferences and delivery."""
