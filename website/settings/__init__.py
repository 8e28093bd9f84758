"""Settings split per environment: base, dev, test, production."""
