"""The uitvoeringstoets: members rate each article of a draft rule before it is decided."""
