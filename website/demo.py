"""Demo content of the website (the newsroom adds articles, events and standing pages)."""


def load(ctx) -> None:
    """Nothing beyond the home page yet; the newsroom fills this in."""
    ctx.say("Website: startpagina aanwezig")
