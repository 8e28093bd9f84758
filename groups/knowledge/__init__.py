"""Knowledge that stays right: threads tied to guidance versions, verified answers that expire."""
